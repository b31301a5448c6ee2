resource "aws_s3_bucket" "valid" {
  bucket = "still-here"
}
