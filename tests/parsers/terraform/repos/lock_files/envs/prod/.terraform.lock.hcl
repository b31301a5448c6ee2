provider "registry.terraform.io/hashicorp/google" {
  version     = "5.10.0"
  constraints = ">= 5.0.0"
  hashes      = []
}
