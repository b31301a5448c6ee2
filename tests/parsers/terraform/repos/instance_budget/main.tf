resource "aws_instance" "first" {
  count = 3
}

resource "aws_instance" "second" {
  count = 3
}
