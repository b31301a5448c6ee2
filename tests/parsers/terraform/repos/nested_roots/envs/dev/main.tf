module "net" {
  source = "../../modules/net"
  cidr   = "10.2.0.0/16"
}
