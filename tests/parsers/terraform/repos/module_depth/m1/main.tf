module "two" {
  source = "../m2"
}

resource "null_resource" "one" {}
