terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "env" {
  type    = string
  default = "dev"
}

locals {
  name = "app-${var.env}"
  ports = [
    22,
    443,
  ]
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.name}-logs"
  acl    = "private"

  versioning {
    enabled = true
  }
}

resource "aws_security_group" "web" {
  name = "web"

  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port = ingress.value
      to_port   = ingress.value
    }
  }
}

output "bucket_arn" {
  value = aws_s3_bucket.logs.arn
}
