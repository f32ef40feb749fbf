assert {
  condition     = jsondecode(aws_sfn_state_machine.w.definition).States.p.Seconds == 5
  error_message = "dev: the wait state p of the planned definition does not wait 5 seconds"
}
assert {
  condition     = jsondecode(aws_sfn_state_machine.w.definition).States.p.Next == "done"
  error_message = "dev: the wait state p of the planned definition does not go on to done"
}
