module "outside" {
  source = "../../outside"
}

module "missing" {
  source = "./nowhere"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.1.0"
  name    = "main"
}

module "loop" {
  source = "../modules/a"
}

module "computed" {
  source = var.where
}

variable "where" {
  default = "./x"
}

output "vpc_id" {
  value = module.vpc.vpc_id
}
