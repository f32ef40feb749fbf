assert {
  condition     = aws_cloudwatch_event_rule.new_uploads.event_bus_name == "default"
  error_message = "prod: rule new-uploads is not on the default bus"
}
assert {
  condition     = aws_cloudwatch_event_rule.big_orders.event_bus_name == "partner-prod"
  error_message = "prod: rule big-orders is not on the existing bus partner-prod"
}
assert {
  condition     = aws_cloudwatch_event_rule.from_central.event_bus_name == "arn:aws:events:eu-west-1:123456789012:event-bus/central"
  error_message = "prod: rule from-central is not on the existing bus given by its ARN"
}
assert {
  condition     = strcontains(aws_iam_role_policy.forward_lambda.policy, ":events:us-east-1:123456789012:event-bus/partner-prod\"")
  error_message = "prod: function forward may not put events on the existing bus partner-prod by its ARN"
}
assert {
  condition     = strcontains(aws_iam_role_policy.big_orders_rule.policy, "\"arn:aws:events:eu-west-1:123456789012:event-bus/central\"")
  error_message = "prod: rule big-orders' role may not put events on the central bus's ARN"
}
assert {
  condition     = strcontains(aws_iam_role.big_orders_rule.assume_role_policy, ":rule/partner-prod/acme-prod-buses-big-orders")
  error_message = "prod: the trust policy of big-orders' role is not scoped to the rule on partner-prod"
}
assert {
  condition     = jsondecode(aws_cloudwatch_event_rule.big_orders.event_pattern).detail.region == ["eu-west-1", "us-east-1"]
  error_message = "prod: big-orders does not match the environment's regions"
}
assert {
  condition     = jsondecode(aws_cloudwatch_event_rule.big_orders.event_pattern).detail.amount[0].numeric[1] == 1000
  error_message = "prod: big-orders' numeric bound is not the environment's min_amount"
}
assert {
  condition     = jsondecode(aws_sns_topic_subscription.alerts_to_big_orders.filter_policy).region == ["eu-west-1", "us-east-1"]
  error_message = "prod: the big-orders subscription's filter is not the environment's regions"
}
assert {
  condition     = aws_sns_topic_subscription.alerts_to_email1.endpoint == "ops@example.com"
  error_message = "prod: the email subscription's endpoint is not the environment's ops_email"
}
assert {
  condition     = aws_sns_topic_subscription.alerts_to_https2.endpoint == "https://example.com/hooks/orders"
  error_message = "prod: the https endpoint is not the text with the environment's host"
}
