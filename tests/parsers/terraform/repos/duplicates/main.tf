# the first definitions

resource "aws_s3_bucket" "logs" {
  bucket = "first"
}

variable "env" {}
