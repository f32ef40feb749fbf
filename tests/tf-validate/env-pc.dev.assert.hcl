assert {
  condition     = length(aws_lambda_alias.f) == 0 && length(aws_lambda_provisioned_concurrency_config.f) == 0
  error_message = "dev (no provisioned concurrency): the alias or its provisioned-concurrency config is planned"
}
assert {
  condition     = aws_lambda_event_source_mapping.f.function_name == aws_lambda_function.f.arn
  error_message = "dev: the event source mapping does not invoke the function itself"
}
assert {
  condition     = aws_sns_topic_subscription.t_to_f.endpoint == aws_lambda_function.f.arn
  error_message = "dev: the topic's subscription does not go to the function itself"
}
assert {
  condition     = aws_cloudwatch_event_target.r_f.arn == aws_lambda_function.f.arn
  error_message = "dev: the rule's target is not the function itself"
}
assert {
  condition     = aws_lambda_permission.t_to_f.qualifier == null && aws_lambda_permission.r_f.qualifier == null
  error_message = "dev: an invoke permission has a qualifier"
}
