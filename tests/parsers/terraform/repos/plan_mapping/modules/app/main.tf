data "aws_region" "current" {}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
