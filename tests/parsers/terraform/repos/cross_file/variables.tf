variable "env" {
  type    = string
  default = "dev"
}

variable "acl" {
  default = "private"
}

variable "team" {
  default = "core"
}

variable "region" {}
