env = "prod
