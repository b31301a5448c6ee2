resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}"
  acl    = "private"
  versioning { enabled = true }
}

provider "aws" {
  alias   = "one"
  version = "=2.46.0"
}

provider "aws" {
  alias   = "two"
  version = "=2.47.0"
}

variable "env" { default = "dev" }

locals {
  n       = var.env == "prod" ? 3 : 1
  port    = -1
  sum     = 4 - 2
  ids     = [for s in var.list : upper(s)]
  wrapped = "${var.env}"
  policy  = <<-EOT
    {"a": "${var.env}"}
  EOT
  tags    = { Name = "x", "kubernetes.io/role" = local.n }
}

resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
    }
  }
}
