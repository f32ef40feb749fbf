assert {
  condition     = aws_sqs_queue.orders.fifo_queue == true && aws_sqs_queue.orders.content_based_deduplication == true
  error_message = "dev: queue orders is not a FIFO queue with content-based deduplication"
}
assert {
  condition     = aws_sqs_queue.orders.deduplication_scope == "messageGroup" && aws_sqs_queue.orders.fifo_throughput_limit == "perMessageGroupId"
  error_message = "dev: queue orders is not a high-throughput FIFO queue (messageGroup, perMessageGroupId)"
}
assert {
  condition     = aws_sqs_queue.orders.delay_seconds == 5 && endswith(aws_sqs_queue.orders.name, ".fifo")
  error_message = "dev: queue orders has no 5 s delay, or its name does not end .fifo"
}
assert {
  condition     = jsondecode(aws_sqs_queue.orders.redrive_policy).maxReceiveCount == 3 && aws_sqs_queue.orders_failed.fifo_queue == true
  error_message = "dev: queue orders does not redrive after 3 receives to the FIFO queue orders-failed"
}
assert {
  condition     = jsondecode(aws_sqs_queue.shared_dlq.redrive_allow_policy).redrivePermission == "byQueue"
  error_message = "dev: the shared DLQ's redrive-allow policy is not byQueue"
}
assert {
  condition     = jsondecode(aws_sqs_queue.shared_dlq.redrive_allow_policy).sourceQueueArns == ["arn:aws:sqs:us-east-1:123456789012:acme-dev-dq-billing", "arn:aws:sqs:us-east-1:123456789012:acme-dev-dq-shipping"]
  error_message = "dev: the shared DLQ's redrive-allow policy does not list exactly billing and shipping"
}
assert {
  condition     = aws_dynamodb_table.order_state.billing_mode == "PROVISIONED" && aws_dynamodb_table.order_state.read_capacity == 5 && aws_dynamodb_table.order_state.write_capacity == 5
  error_message = "dev: table order-state is not provisioned with 5 read and 5 write units"
}
assert {
  condition     = aws_dynamodb_table.order_state.deletion_protection_enabled == false
  error_message = "dev: table order-state's deletion protection is not false"
}
assert {
  condition     = aws_dynamodb_table.order_state.stream_enabled == true && aws_dynamodb_table.order_state.stream_view_type == "NEW_IMAGE"
  error_message = "dev: table order-state has no NEW_IMAGE stream"
}
assert {
  condition     = length(aws_dynamodb_table.order_state.global_secondary_index) == 1 && length(aws_dynamodb_table.order_state.local_secondary_index) == 1
  error_message = "dev: table order-state does not have one global and one local secondary index"
}
assert {
  condition     = length(aws_dynamodb_table.order_state.attribute) == 4
  error_message = "dev: table order-state does not define its 4 key attributes once each"
}
assert {
  condition     = aws_cloudwatch_metric_alarm.shared_dlq_dead_letter_messages.dimensions.QueueName == aws_sqs_queue.shared_dlq.name
  error_message = "dev: the shared DLQ has no dead-letter-messages alarm on itself"
}
assert {
  condition     = aws_cloudwatch_metric_alarm.order_state_table_read_throttles.metric_name == "ReadThrottleEvents" && aws_cloudwatch_metric_alarm.order_state_table_write_throttles.metric_name == "WriteThrottleEvents"
  error_message = "dev: the provisioned table has no throttle alarms"
}
