team = "from-b-auto"
