variable "env" {
  default = "prod"
}

module "bucket" {
  source = "./modules/bucket"
  name   = "audit-${var.env}"
  tags   = { Owner = "security" }
}

resource "aws_s3_bucket_policy" "audit" {
  bucket = module.bucket.name
  policy = module.bucket.arn
}

output "bucket_name" {
  value = module.bucket.name
}
