locals {
  a = <<EOT
ok
${var.x
EOT
}
