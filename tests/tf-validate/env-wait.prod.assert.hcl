assert {
  condition     = jsondecode(aws_sfn_state_machine.w.definition).States.p.Seconds == 60
  error_message = "prod: the wait state p of the planned definition does not wait 60 seconds"
}
assert {
  condition     = jsondecode(aws_sfn_state_machine.w.definition).States.p.Next == "done"
  error_message = "prod: the wait state p of the planned definition does not go on to done"
}
