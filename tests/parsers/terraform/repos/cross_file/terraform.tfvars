env  = "staging"
team = "from-tfvars"
