# A small module in the shapes the Terraform backend writes: every resource
# kind of issue 5, nested blocks, dynamic blocks, meta-arguments.

locals {
  name = "orders-${var.environment}"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "main" {
  description             = "${local.name} key"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_alias" "main" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.main.key_id
}

resource "aws_cloudwatch_event_bus" "orders" {
  name               = local.name
  kms_key_identifier = aws_kms_key.main.arn
}

resource "aws_cloudwatch_event_archive" "orders" {
  name             = local.name
  event_source_arn = aws_cloudwatch_event_bus.orders.arn
  retention_days   = var.retention_days
}

resource "aws_cloudwatch_event_rule" "order_placed" {
  name           = "${local.name}-order-placed"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern = jsonencode({
    source        = ["orders"]
    "detail-type" = ["OrderPlaced"]
  })
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${local.name}-dlq"
  kms_master_key_id         = aws_kms_key.main.arn
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "work" {
  name                       = "${local.name}-work"
  kms_master_key_id          = aws_kms_key.main.arn
  visibility_timeout_seconds = 180
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  })
  tags = var.tags
}

resource "aws_sqs_queue_policy" "work" {
  queue_url = aws_sqs_queue.work.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.work.arn
    }]
  })
}

resource "aws_cloudwatch_event_target" "to_queue" {
  rule           = aws_cloudwatch_event_rule.order_placed.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "work"
  arn            = aws_sqs_queue.work.arn

  dead_letter_config {
    arn = aws_sqs_queue.dlq.arn
  }

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 5
  }

  input_transformer {
    input_paths = {
      id = "$.detail.id"
    }
    input_template = <<-EOT
      {"id": <id>, "literal": "$${not.interpolated}"}
    EOT
  }
}

resource "aws_iam_role" "handler" {
  name               = "${local.name}-handler"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy" "handler" {
  name = "least-privilege"
  role = aws_iam_role.handler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      Resource = aws_sqs_queue.work.arn
    }]
  })
}

resource "aws_cloudwatch_log_group" "handler" {
  name              = "/aws/lambda/${local.name}-handler"
  retention_in_days = var.retention_days
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_lambda_function" "handler" {
  function_name = "${local.name}-handler"
  role          = aws_iam_role.handler.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "${path.module}/handler.zip"
  memory_size   = 256
  timeout       = 30
  publish       = true
  kms_key_arn   = aws_kms_key.main.arn

  environment {
    variables = {
      TABLE = aws_dynamodb_table.orders.name
    }
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.handler.name
  }

  depends_on = [aws_cloudwatch_log_group.handler]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.handler.function_name
  function_version = aws_lambda_function.handler.version
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  count                             = var.provisioned_concurrency > 0 ? 1 : 0
  function_name                     = aws_lambda_function.handler.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = var.provisioned_concurrency
}

resource "aws_lambda_event_source_mapping" "work" {
  event_source_arn        = aws_sqs_queue.work.arn
  function_name           = aws_lambda_alias.live.arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_dynamodb_table" "orders" {
  name         = "${local.name}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  dynamic "attribute" {
    for_each = var.table_attributes
    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.main.arn
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  lifecycle {
    prevent_destroy = false
    ignore_changes  = [read_capacity, write_capacity]
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "${local.name}-alerts"
  kms_master_key_id = aws_kms_key.main.id
}

resource "aws_sns_topic_subscription" "alerts" {
  for_each  = toset(["ops@example.com"])
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_sfn_state_machine" "fulfil" {
  name     = "${local.name}-fulfil"
  role_arn = aws_iam_role.handler.arn
  definition = templatefile("${path.module}/fulfil-order.asl.json", {
    handler_arn = aws_lambda_function.handler.arn
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.handler.arn}:*"
    include_execution_data = true
    level                  = "ERROR"
  }

  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = aws_kms_key.main.arn
    kms_data_key_reuse_period_seconds = 300
  }

  tracing_configuration {
    enabled = true
  }
}

resource "aws_s3_bucket" "archive" {
  bucket_prefix = "${local.name}-archive-"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_cloudwatch_metric_alarm" "dlq_depth" {
  alarm_name          = "${local.name}-dlq-depth"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 0
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions = {
    QueueName = aws_sqs_queue.dlq.name
  }
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = local.name
  dashboard_body = jsonencode({ widgets = [] })
}

output "event_bus_arn" {
  description = "ARN of the event bus"
  value       = aws_cloudwatch_event_bus.orders.arn
}
