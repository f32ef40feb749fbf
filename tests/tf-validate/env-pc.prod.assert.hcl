assert {
  condition     = length(aws_lambda_alias.f) == 1 && length(aws_lambda_provisioned_concurrency_config.f) == 1
  error_message = "prod (provisioned concurrency 5): the alias or its provisioned-concurrency config is not planned"
}
assert {
  condition     = aws_lambda_provisioned_concurrency_config.f[0].provisioned_concurrent_executions == 5
  error_message = "prod: the provisioned concurrency is not 5"
}
assert {
  condition     = aws_lambda_provisioned_concurrency_config.f[0].qualifier == aws_lambda_alias.f[0].name
  error_message = "prod: the provisioned concurrency is not on the alias"
}
assert {
  condition     = aws_lambda_event_source_mapping.f.function_name == aws_lambda_alias.f[0].arn
  error_message = "prod: the event source mapping does not invoke the alias"
}
assert {
  condition     = aws_sns_topic_subscription.t_to_f.endpoint == aws_lambda_alias.f[0].arn
  error_message = "prod: the topic's subscription does not go to the alias"
}
assert {
  condition     = aws_cloudwatch_event_target.r_f.arn == aws_lambda_alias.f[0].arn
  error_message = "prod: the rule's target is not the alias"
}
assert {
  condition     = aws_lambda_permission.t_to_f.qualifier == aws_lambda_alias.f[0].name && aws_lambda_permission.r_f.qualifier == aws_lambda_alias.f[0].name
  error_message = "prod: an invoke permission is not for the alias"
}
