data "aws_regions" "all" {}

module "per_region" {
  source = "./region"
  count  = length(data.aws_regions.all.names)
  index  = count.index
}

module "none" {
  source = "./region"
  count  = 0
}

output "first" {
  value = module.per_region[0].name
}

output "none" {
  value = length(module.none)
}
