resource "null_resource" "three" {}
