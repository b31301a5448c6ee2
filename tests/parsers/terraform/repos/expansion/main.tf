variable "names" {
  default = ["b", "a", "b"]
}

variable "enabled" {
  default = false
}

data "aws_availability_zones" "all" {}

resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-${count.index}"
  instance_type = "t3.micro"
}

resource "aws_iam_user" "users" {
  for_each = toset(var.names)
  name     = each.value
  path     = "/${each.key}/"
}

resource "aws_s3_bucket" "by_map" {
  for_each = { logs = "private", site = "public-read" }
  bucket   = each.key
  acl      = each.value
}

resource "aws_eip" "none" {
  count = var.enabled ? 1 : 0
}

resource "aws_subnet" "per_az" {
  count             = length(data.aws_availability_zones.all.names)
  availability_zone = data.aws_availability_zones.all.names[count.index]
  cidr_block        = "10.0.${count.index}.0/24"
  vpc_id            = "vpc-1"
}

resource "aws_instance" "many" {
  count = 5
  ami   = "ami-many"
}

resource "aws_route53_record" "first_web" {
  name    = aws_instance.web[0].ami
  records = aws_instance.web[*].instance_type
}

module "svc" {
  source   = "./svc"
  for_each = { api = 8080, ui = 3000 }
  port     = each.value
}

output "api_port" {
  value = module.svc["api"].port
}
