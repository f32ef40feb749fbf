assert {
  condition     = aws_cloudwatch_event_rule.new_uploads.event_bus_name == "default"
  error_message = "dev: rule new-uploads is not on the default bus"
}
assert {
  condition     = aws_cloudwatch_event_rule.big_orders.event_bus_name == "partner-dev"
  error_message = "dev: rule big-orders is not on the existing bus partner-dev"
}
assert {
  condition     = aws_cloudwatch_event_rule.from_central.event_bus_name == "arn:aws:events:eu-west-1:123456789012:event-bus/central"
  error_message = "dev: rule from-central is not on the existing bus given by its ARN"
}
assert {
  condition     = strcontains(aws_iam_role_policy.forward_lambda.policy, ":events:us-east-1:123456789012:event-bus/partner-dev\"")
  error_message = "dev: function forward may not put events on the existing bus partner-dev by its ARN"
}
assert {
  condition     = strcontains(aws_iam_role_policy.big_orders_rule.policy, "\"arn:aws:events:eu-west-1:123456789012:event-bus/central\"")
  error_message = "dev: rule big-orders' role may not put events on the central bus's ARN"
}
assert {
  condition     = strcontains(aws_iam_role.big_orders_rule.assume_role_policy, ":rule/partner-dev/acme-dev-buses-big-orders")
  error_message = "dev: the trust policy of big-orders' role is not scoped to the rule on partner-dev"
}
assert {
  condition     = jsondecode(aws_cloudwatch_event_rule.big_orders.event_pattern).detail.region == ["eu-west-1"]
  error_message = "dev: big-orders does not match the environment's regions"
}
assert {
  condition     = jsondecode(aws_cloudwatch_event_rule.big_orders.event_pattern).detail.amount[0].numeric[1] == 10
  error_message = "dev: big-orders' numeric bound is not the environment's min_amount"
}
assert {
  condition     = jsondecode(aws_sns_topic_subscription.alerts_to_big_orders.filter_policy).region == ["eu-west-1"]
  error_message = "dev: the big-orders subscription's filter is not the environment's regions"
}
assert {
  condition     = aws_sns_topic_subscription.alerts_to_email1.endpoint == "dev-ops@example.com"
  error_message = "dev: the email subscription's endpoint is not the environment's ops_email"
}
assert {
  condition     = aws_sns_topic_subscription.alerts_to_https2.endpoint == "https://dev.example.com/hooks/orders"
  error_message = "dev: the https endpoint is not the text with the environment's host"
}
