output "bus_orders_name" {
  description = "Event bus name"
  value       = aws_cloudwatch_event_bus.orders.name
}

output "bus_orders_arn" {
  description = "Event bus ARN"
  value       = aws_cloudwatch_event_bus.orders.arn
}

output "topic_order_events_arn" {
  description = "Topic ARN"
  value       = aws_sns_topic.order_events.arn
}

output "topic_ops_alerts_arn" {
  description = "Topic ARN"
  value       = aws_sns_topic.ops_alerts.arn
}

output "workflow_fulfil_order_arn" {
  description = "State machine ARN"
  value       = aws_sfn_state_machine.fulfil_order.arn
}

output "table_order_state_name" {
  description = "Table name"
  value       = aws_dynamodb_table.order_state.name
}

output "queue_order_buffer_url" {
  description = "Queue URL"
  value       = aws_sqs_queue.order_buffer.url
}

output "queue_audit_copy_url" {
  description = "Queue URL"
  value       = aws_sqs_queue.audit_copy.url
}

output "function_process_order_arn" {
  description = "Function ARN"
  value       = aws_lambda_function.process_order.arn
}

output "function_notify_customer_arn" {
  description = "Function ARN"
  value       = aws_lambda_function.notify_customer.arn
}

output "function_validate_order_arn" {
  description = "Function ARN"
  value       = aws_lambda_function.validate_order.arn
}

output "function_request_approval_arn" {
  description = "Function ARN"
  value       = aws_lambda_function.request_approval.arn
}

output "function_reserve_stock_arn" {
  description = "Function ARN"
  value       = aws_lambda_function.reserve_stock.arn
}

output "function_charge_payment_arn" {
  description = "Function ARN"
  value       = aws_lambda_function.charge_payment.arn
}

output "function_handle_failure_arn" {
  description = "Function ARN"
  value       = aws_lambda_function.handle_failure.arn
}
