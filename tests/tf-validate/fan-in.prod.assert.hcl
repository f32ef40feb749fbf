assert {
  condition     = length(jsondecode(aws_sqs_queue_policy.inbox.policy).Statement) == 3
  error_message = "prod: the inbox queue's policy is not one statement for SNS, one for EventBridge and the TLS denial"
}
assert {
  condition     = jsondecode(aws_sqs_queue_policy.inbox.policy).Statement[0].Sid == "FromTopics" && length(jsondecode(aws_sqs_queue_policy.inbox.policy).Statement[0].Condition.ArnEquals["aws:SourceArn"]) == 2
  error_message = "prod: the inbox queue's SNS statement does not name both topics"
}
assert {
  condition     = contains(jsondecode(aws_sqs_queue_policy.inbox.policy).Statement[0].Condition.ArnEquals["aws:SourceArn"], aws_sns_topic.feed_b.arn)
  error_message = "prod: the inbox queue's SNS statement does not name topic feed-b's ARN"
}
assert {
  condition     = jsondecode(aws_sqs_queue_policy.inbox.policy).Statement[1].Sid == "FromEventBridge" && length(jsondecode(aws_sqs_queue_policy.inbox.policy).Statement[1].Condition.ArnEquals["aws:SourceArn"]) == 12
  error_message = "prod: the inbox queue's EventBridge statement does not name the twelve rules"
}
assert {
  condition     = contains(jsondecode(aws_sqs_queue_policy.inbox.policy).Statement[1].Condition.ArnEquals["aws:SourceArn"], aws_cloudwatch_event_rule.to_inbox_07.arn)
  error_message = "prod: the inbox queue's EventBridge statement does not name rule to-inbox-07's ARN"
}
assert {
  condition     = length(jsondecode(aws_sns_topic_policy.notices.policy).Statement) == 2 && length(jsondecode(aws_sns_topic_policy.notices.policy).Statement[0].Condition.ArnEquals["aws:SourceArn"]) == 11
  error_message = "prod: the notices topic's policy is not one statement naming the eleven rules and the TLS denial"
}
assert {
  condition     = contains(jsondecode(aws_sns_topic_policy.notices.policy).Statement[0].Condition.ArnEquals["aws:SourceArn"], aws_cloudwatch_event_rule.to_notices_11.arn)
  error_message = "prod: the notices topic's statement does not name rule to-notices-11's ARN"
}
assert {
  condition     = length([for s in jsondecode(aws_iam_role_policy.spread_lambda.policy).Statement : s if contains(s.Action, "sqs:SendMessage")]) == 1
  error_message = "prod: function spread's role sends to its eleven queues in more than one statement"
}
assert {
  condition     = [for s in jsondecode(aws_iam_role_policy.spread_lambda.policy).Statement : s if contains(s.Action, "sqs:SendMessage")][0].Sid == "WriteOut01QueueAnd10More" && length([for s in jsondecode(aws_iam_role_policy.spread_lambda.policy).Statement : s if contains(s.Action, "sqs:SendMessage")][0].Resource) == 11
  error_message = "prod: function spread's one statement does not list the eleven queues"
}
assert {
  condition     = contains([for s in jsondecode(aws_iam_role_policy.spread_lambda.policy).Statement : s if contains(s.Action, "sqs:SendMessage")][0].Resource, aws_sqs_queue.out_11.arn)
  error_message = "prod: function spread's statement does not name queue out-11's ARN"
}
