assert {
  condition     = aws_lambda_event_source_mapping.record_changes.event_source_arn == aws_dynamodb_table.order_state.stream_arn
  error_message = "dev: record-changes does not read the table's stream"
}
assert {
  condition     = aws_lambda_event_source_mapping.record_changes.starting_position == "TRIM_HORIZON" && aws_lambda_event_source_mapping.record_changes.parallelization_factor == 2
  error_message = "dev: the stream source's starting position or parallelization is not the pattern's"
}
assert {
  condition     = aws_lambda_event_source_mapping.record_changes.maximum_retry_attempts == 3 && aws_lambda_event_source_mapping.record_changes.maximum_record_age_in_seconds == 3600 && aws_lambda_event_source_mapping.record_changes.bisect_batch_on_function_error == true
  error_message = "dev: the stream source's retries, record age or bisection are not the pattern's"
}
assert {
  condition     = aws_lambda_event_source_mapping.record_changes.destination_config[0].on_failure[0].destination_arn == aws_sqs_queue.stream_failures.arn
  error_message = "dev: the stream source's failures do not go to stream-failures"
}
assert {
  condition     = length(aws_lambda_event_source_mapping.record_changes.filter_criteria[0].filter) == 2
  error_message = "dev: the stream source does not have its two filters"
}
assert {
  condition     = one(aws_lambda_event_source_mapping.process.filter_criteria[0].filter).pattern == jsonencode({ body = { kind = ["order"] } })
  error_message = "dev: the queue source's filter is not the pattern's"
}
assert {
  condition     = aws_lambda_function_event_invoke_config.notify.qualifier == "$LATEST" && aws_lambda_function_event_invoke_config.notify.maximum_retry_attempts == 1 && aws_lambda_function_event_invoke_config.notify.maximum_event_age_in_seconds == 3600
  error_message = "dev: notify's async settings are not the pattern's"
}
assert {
  condition     = aws_lambda_function_event_invoke_config.notify.destination_config[0].on_failure[0].destination == aws_sqs_queue.async_failures.arn && aws_lambda_function_event_invoke_config.notify.destination_config[0].on_success[0].destination == aws_cloudwatch_event_bus.b.arn
  error_message = "dev: notify's async destinations are not async-failures and the bus"
}
assert {
  condition     = aws_lambda_function.notify.dead_letter_config[0].target_arn == aws_sqs_queue.notify_dlq.arn
  error_message = "dev: notify has no dead-letter queue for its asynchronous invocations"
}
assert {
  condition     = aws_kinesis_stream.clicks.shard_count == 2 && aws_kinesis_stream.clicks.retention_period == 48 && aws_kinesis_stream.clicks.stream_mode_details[0].stream_mode == "PROVISIONED"
  error_message = "dev: the Kinesis stream's shards, retention or mode are not the pattern's"
}
assert {
  condition     = aws_kinesis_stream.clicks.encryption_type == "KMS" && aws_kinesis_stream.clicks.kms_key_id == aws_kms_key.main.arn
  error_message = "dev: the Kinesis stream is not encrypted under the pattern's key"
}
assert {
  condition     = aws_lambda_event_source_mapping.count_clicks.event_source_arn == aws_kinesis_stream.clicks.arn && aws_lambda_event_source_mapping.count_clicks.starting_position == "LATEST"
  error_message = "dev: count-clicks does not read the Kinesis stream from its latest record"
}
assert {
  condition     = aws_lambda_event_source_mapping.count_clicks.destination_config[0].on_failure[0].destination_arn == aws_sns_topic.click_failures.arn && aws_lambda_event_source_mapping.count_clicks.maximum_retry_attempts == -1
  error_message = "dev: the Kinesis source's failures do not go to click-failures, or its retries are not -1"
}
