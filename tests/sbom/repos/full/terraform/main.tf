terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    google = {
      source = "hashicorp/google"
    }
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.1.0"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

module "net" {
  source = "git::https://github.com/acme/tf-net.git//modules/vpc?ref=v1.4.0"
}

module "dns" {
  source = "git::ssh://git@gitlab.example.com/infra/dns.git?ref=3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"
}

module "local" {
  source = "./modules/local"
}
