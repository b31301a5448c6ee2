locals {
  prefix = "${var.env}-${var.team}"
}
