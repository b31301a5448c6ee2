resource "aws_instance" "text" {
  count = "many"
}

resource "aws_instance" "numbers" {
  for_each = 3
}
