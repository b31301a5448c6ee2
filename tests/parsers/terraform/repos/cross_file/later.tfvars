env = "later"
