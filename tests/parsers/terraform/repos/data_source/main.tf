data "aws_caller_identity" "me" {}

data "aws_iam_policy_document" "read" {
  statement {
    actions = ["s3:GetObject"]
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-${data.aws_caller_identity.me.account_id}"
  tags = {
    Owner = data.aws_caller_identity.me.arn
    Team  = "platform"
  }
}

resource "aws_iam_policy" "read" {
  policy = data.aws_iam_policy_document.read.json
}
