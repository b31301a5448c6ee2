variable "port" {}

resource "aws_lb_listener" "this" {
  port = var.port
}

output "port" {
  value = aws_lb_listener.this.port
}
