package main

deny contains msg if {
	some instruction in input
	instruction.Cmd == "from"
	endswith(instruction.Value[0], ":latest")
	msg := "base image uses the latest tag"
}
