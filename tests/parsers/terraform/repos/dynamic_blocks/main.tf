variable "ports" {
  default = [80, 443]
}

resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8"]
  }

  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    from_port = 0
    to_port   = 0
  }
}

data "aws_ip_ranges" "cloudfront" {}

resource "aws_security_group" "from_data" {
  name = "cdn"

  dynamic "ingress" {
    for_each = data.aws_ip_ranges.cloudfront.cidr_blocks
    content {
      cidr_blocks = [ingress.value]
    }
  }
}
