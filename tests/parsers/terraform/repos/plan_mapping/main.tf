resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  acl    = "private"
  tags = {
    Env = "prod"
  }
}

resource "aws_instance" "web" {
  count = 2
  ami   = "ami-1"
}

module "app" {
  source = "./modules/app"
}
