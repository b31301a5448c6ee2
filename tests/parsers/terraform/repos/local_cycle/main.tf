locals {
  a     = local.b
  b     = "${local.a}-x"
  self  = local.self
  fine  = "ok"
  after = local.fine
}
