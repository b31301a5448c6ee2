resource "aws_s3_bucket" "site" {
  bucket = "site"
  acl    = "public-read"

  versioning {
    enabled = false
  }
}

locals {
  env = "dev"
}
