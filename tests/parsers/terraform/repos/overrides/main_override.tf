resource "aws_s3_bucket" "site" {
  acl = "private"

  versioning {
    enabled = true
  }
}

locals {
  env = "prod"
}

resource "aws_s3_bucket" "ghost" {
  bucket = "nothing-to-override"
}
