locals {
  plain = <<EOT
hello ${var.name}
  indented line
EOT
  trimmed = <<-EOT
    {
      "Version": "2012-10-17",
      "Resource": "arn:aws:s3:::${var.name}/*"
    }
    EOT
  empty = <<-EOT
  EOT
  escaped = <<EOT
literal $${not_interpolated} and %%{ not_a_directive }
EOT
  blank_lines = <<-EOT
      first

        second
    EOT
}
