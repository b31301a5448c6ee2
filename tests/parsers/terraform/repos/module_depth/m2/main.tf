module "three" {
  source = "../m3"
}

resource "null_resource" "two" {}
