assert {
  condition     = aws_pipes_pipe.order_intake.name == "acme-prod-pipes-order-intake"
  error_message = "prod: pipe order-intake is not named after the pattern"
}
assert {
  condition     = aws_pipes_pipe.order_intake.source_parameters[0].sqs_queue_parameters[0].batch_size == 10 && aws_pipes_pipe.order_intake.source_parameters[0].sqs_queue_parameters[0].maximum_batching_window_in_seconds == 5
  error_message = "prod: pipe order-intake's queue batch is not 10 records within 5 seconds"
}
assert {
  condition     = jsondecode(aws_pipes_pipe.order_intake.source_parameters[0].filter_criteria[0].filter[0].pattern).body.status[0] == "NEW"
  error_message = "prod: pipe order-intake's filter does not keep new orders"
}
assert {
  condition     = aws_pipes_pipe.order_intake.target_parameters[0].step_function_state_machine_parameters[0].invocation_type == "FIRE_AND_FORGET"
  error_message = "prod: pipe order-intake does not start its standard workflow FIRE_AND_FORGET"
}
assert {
  condition     = aws_pipes_pipe.order_intake.target_parameters[0].input_template == "{\"id\": <$.body.id>}"
  error_message = "prod: pipe order-intake's input template is not the pattern's"
}
assert {
  condition     = aws_pipes_pipe.order_intake.log_configuration[0].level == "ERROR"
  error_message = "prod: pipe order-intake does not log its errors"
}
assert {
  condition     = jsondecode(aws_iam_role.order_intake_pipe.assume_role_policy).Statement[0].Principal.Service == "pipes.amazonaws.com" && endswith(jsondecode(aws_iam_role.order_intake_pipe.assume_role_policy).Statement[0].Condition.ArnLike["aws:SourceArn"], ":pipe/acme-prod-pipes-order-intake")
  error_message = "prod: pipe order-intake's role does not trust only that pipe"
}
assert {
  condition     = strcontains(aws_iam_role_policy.order_intake_pipe.policy, "states:StartExecution") && !strcontains(aws_iam_role_policy.order_intake_pipe.policy, "StartSyncExecution")
  error_message = "prod: pipe order-intake's role may not start its workflow, or may wait for it"
}
assert {
  condition     = aws_pipes_pipe.order_changes.source_parameters[0].dynamodb_stream_parameters[0].starting_position == "LATEST" && aws_pipes_pipe.order_changes.source_parameters[0].dynamodb_stream_parameters[0].maximum_retry_attempts == 3
  error_message = "prod: pipe order-changes does not read its stream from the latest record with 3 retries"
}
assert {
  condition     = aws_pipes_pipe.order_changes.target_parameters[0].eventbridge_event_bus_parameters[0].source == "com.acme.orders" && aws_pipes_pipe.order_changes.target_parameters[0].eventbridge_event_bus_parameters[0].detail_type == "OrderChanged"
  error_message = "prod: pipe order-changes does not put its events with the pattern's source and detail-type"
}
assert {
  condition     = strcontains(aws_iam_role_policy.order_changes_pipe.policy, "dynamodb:GetRecords") && !strcontains(aws_iam_role_policy.order_changes_pipe.policy, "\"*\"")
  error_message = "prod: pipe order-changes' role does not read the stream, or holds a wildcard"
}
assert {
  condition     = aws_pipes_pipe.returns_intake.enrichment == aws_sfn_state_machine.price_return.arn && strcontains(aws_iam_role_policy.returns_intake_pipe.policy, "states:StartSyncExecution")
  error_message = "prod: pipe returns-intake does not enrich with express workflow price-return synchronously"
}
assert {
  condition     = aws_pipes_pipe.refunds.target == aws_lambda_alias.refund.arn && aws_pipes_pipe.refunds.target_parameters[0].lambda_function_parameters[0].invocation_type == "REQUEST_RESPONSE"
  error_message = "prod: pipe refunds does not wait for function refund's alias"
}
assert {
  condition     = aws_pipes_pipe.audit_feed.target_parameters[0].sqs_queue_parameters[0].message_group_id == "$.messageAttributes.kind.stringValue" && aws_pipes_pipe.audit_feed.log_configuration[0].level == "INFO"
  error_message = "prod: pipe audit-feed does not give the FIFO queue a message group, or does not log at INFO"
}
assert {
  condition     = aws_pipes_pipe.clickstream.source == aws_kinesis_stream.clicks.arn && aws_pipes_pipe.clickstream.source_parameters[0].kinesis_stream_parameters[0].starting_position == "TRIM_HORIZON" && aws_pipes_pipe.clickstream.source_parameters[0].kinesis_stream_parameters[0].batch_size == 200 && aws_pipes_pipe.clickstream.source_parameters[0].kinesis_stream_parameters[0].maximum_retry_attempts == 3 && aws_pipes_pipe.clickstream.source_parameters[0].kinesis_stream_parameters[0].parallelization_factor == 2
  error_message = "prod: pipe clickstream does not read stream clicks from its oldest record, 200 at a time, 3 retries, 2 batches per shard"
}
assert {
  condition     = aws_pipes_pipe.clickstream.source_parameters[0].kinesis_stream_parameters[0].dead_letter_config[0].arn == aws_sqs_queue.click_failures.arn
  error_message = "prod: pipe clickstream's dead-letter queue is not click-failures"
}
assert {
  condition     = strcontains(aws_iam_role_policy.clickstream_pipe.policy, "kinesis:GetRecords") && !strcontains(aws_iam_role_policy.clickstream_pipe.policy, "kinesis:ListStreams") && !strcontains(aws_iam_role_policy.clickstream_pipe.policy, "dynamodb:")
  error_message = "prod: pipe clickstream's role does not read the stream, or reads more"
}
