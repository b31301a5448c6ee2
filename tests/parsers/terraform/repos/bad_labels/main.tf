resource "aws_s3_bucket" {
  bucket = "no-name"
}

variable "a" "b" {}

resource "aws_s3_bucket" "fine" {}
