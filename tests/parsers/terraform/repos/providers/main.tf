terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = "~> 3.1"
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_s3_bucket" "eu" {
  bucket = "eu-bucket"
}

resource "aws_s3_bucket" "us" {
  provider = aws.us
  bucket   = "us-bucket"
}

resource "random_id" "suffix" {
  byte_length = 4
}

module "regional" {
  source = "./modules/regional"
  providers = {
    aws = aws.us
  }
}

module "inherits" {
  source = "./modules/regional"
}
