locals {
  a = "tab\qbad"
}
