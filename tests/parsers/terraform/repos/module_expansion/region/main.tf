variable "index" {}

resource "aws_s3_bucket" "b" {
  bucket = "b-${var.index}"
}

output "name" {
  value = "fixed"
}
