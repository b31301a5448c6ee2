locals {
  name = "app
  env  = "dev"
}
