resource "aws_s3_bucket" "logs" {
  bucket = "${local.prefix}-logs"
  acl    = var.acl
  tags = {
    Env    = var.env
    Team   = var.team
    Region = var.region
  }
}
