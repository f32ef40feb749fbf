assert {
  condition     = aws_lambda_function.f.environment[0].variables.PEER == "acme-dev-loops-g"
  error_message = "dev: function f's PEER is not g's physical name"
}
assert {
  condition     = endswith(aws_lambda_function.f.environment[0].variables.WORKFLOW, ":stateMachine:acme-dev-loops-w")
  error_message = "dev: function f's WORKFLOW is not the ARN of workflow w built from its name"
}
assert {
  condition     = strcontains(aws_iam_role_policy.f_lambda.policy, ":stateMachine:acme-dev-loops-w")
  error_message = "dev: function f's role does not let it start workflow w by the ARN built from its name"
}
