module "one" {
  source = "./m1"
}
