package main

deny[msg] {
	input[i].Cmd == "from"
	endswith(input[i].Value[0], ":latest")
	msg := "base image uses the latest tag"
}
