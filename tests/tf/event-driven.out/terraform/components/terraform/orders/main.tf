locals {
  name_prefix = "${var.tenant}-${var.environment}-orders"
  tags = {
    team        = "orders"
    cost-center = "cc-1234"
    environment = var.environment
    tenant      = var.tenant
    pattern     = "orders"
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_kms_key" "main" {
  description             = "Key main of pattern orders (${var.environment})"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AccountAdministersKey"
        Effect = "Allow"
        Principal = {
          AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
        }
        Action = [
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:CreateGrant",
          "kms:Decrypt",
          "kms:DeleteAlias",
          "kms:DescribeKey",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:EnableKey",
          "kms:EnableKeyRotation",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListAliases",
          "kms:ListGrants",
          "kms:ListKeyPolicies",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
          "kms:RetireGrant",
          "kms:RevokeGrant",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateAlias",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        Sid    = "EventBridgeDescribesKey"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = ["kms:DescribeKey"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
      {
        Sid    = "EventBridgeEncryptsArchive"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
            "kms:EncryptionContext:aws:events:event-bus:arn" = [
              "arn:${data.aws_partition.current.partition}:events:${var.region}:${data.aws_caller_identity.current.account_id}:event-bus/${local.name_prefix}-orders",
              "arn:${data.aws_partition.current.partition}:events:${var.region}:${data.aws_caller_identity.current.account_id}:archive/${local.name_prefix}-orders",
            ]
          }
        }
      },
      {
        Sid    = "EventBridgeUsesKey"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
            "kms:EncryptionContext:aws:sqs:arn" = [
              "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-orders-audit-dlq",
              "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-order-buffer",
              "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-order-created-rule-dlq",
              "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-large-order-rule-dlq",
            ]
          }
        }
      },
      {
        Sid    = "SnsUsesKey"
        Effect = "Allow"
        Principal = {
          Service = "sns.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
            "kms:EncryptionContext:aws:sqs:arn" = [
              "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-order-events-topic-dlq",
              "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-audit-copy",
              "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-ops-alerts-topic-dlq",
            ]
          }
        }
      },
      {
        Sid    = "StepFunctionsUsesKey"
        Effect = "Allow"
        Principal = {
          Service = "states.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount"                                = data.aws_caller_identity.current.account_id
            "kms:EncryptionContext:aws:states:stateMachineArn" = "arn:${data.aws_partition.current.partition}:states:${var.region}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.name_prefix}-fulfil-order"
          }
        }
      },
      {
        Sid    = "LogDeliveryUsesKey"
        Effect = "Allow"
        Principal = {
          Service = "delivery.logs.amazonaws.com"
        }
        Action   = ["kms:Decrypt"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:SourceArn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:*"
          }
        }
      },
      {
        Sid    = "CloudWatchAlarmsUseKey"
        Effect = "Allow"
        Principal = {
          Service = "cloudwatch.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount"                      = data.aws_caller_identity.current.account_id
            "kms:EncryptionContext:aws:sns:topicArn" = "arn:${data.aws_partition.current.partition}:sns:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-ops-alerts"
          }
        }
      },
      {
        Sid    = "CloudWatchLogsUsesKey"
        Effect = "Allow"
        Principal = {
          Service = "logs.${var.region}.amazonaws.com"
        }
        Action = [
          "kms:Decrypt",
          "kms:DescribeKey",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
        ]
        Resource = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:*"
          }
        }
      },
    ]
  })
  tags = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "main" {
  name          = "alias/${local.name_prefix}-main"
  target_key_id = aws_kms_key.main.key_id
}

resource "aws_cloudwatch_event_bus" "orders" {
  name        = "${local.name_prefix}-orders"
  description = "Event bus orders of pattern orders"
  tags        = local.tags
}

resource "aws_cloudwatch_event_archive" "orders" {
  name               = "${local.name_prefix}-orders"
  description        = "Replayable archive of bus orders"
  event_source_arn   = aws_cloudwatch_event_bus.orders.arn
  kms_key_identifier = aws_kms_key.main.arn
  retention_days     = 365
}

resource "aws_schemas_registry" "orders" {
  name        = "${local.name_prefix}-orders"
  description = "Events of bus orders"
  tags        = local.tags
}

resource "aws_schemas_schema" "order_created" {
  name          = "com.company.orders@OrderCreated"
  registry_name = aws_schemas_registry.orders.name
  type          = "JSONSchemaDraft4"
  description   = "OrderCreated from com.company.orders, version 1"
  content = jsonencode({
    "$schema" = "http://json-schema.org/draft-04/schema#"
    title     = "OrderCreated"
    type      = "object"
    required = [
      "detail-type",
      "resources",
      "detail",
      "id",
      "source",
      "time",
      "region",
      "version",
      "account",
    ]
    properties = {
      account = {
        type = "string"
      }
      detail = {
        type = "object"
        properties = {
          orderId = {
            type = "string"
          }
          customerId = {
            type = "string"
          }
          amount = {
            type = "number"
          }
          currency = {
            type = "string"
            enum = ["USD", "EUR", "GBP"]
          }
          requiresApproval = {
            type = "boolean"
          }
          priority = {
            type = "string"
            enum = ["low", "normal", "high"]
          }
        }
        required = ["orderId", "customerId", "amount"]
      }
      detail-type = {
        type = "string"
        enum = ["OrderCreated"]
      }
      id = {
        type = "string"
      }
      region = {
        type = "string"
      }
      resources = {
        type = "array"
        items = {
          type = "string"
        }
      }
      source = {
        type = "string"
        enum = ["com.company.orders"]
      }
      time = {
        type   = "string"
        format = "date-time"
      }
      version = {
        type = "string"
      }
    }
  })
  tags = local.tags
}

resource "aws_schemas_discoverer" "orders" {
  source_arn  = aws_cloudwatch_event_bus.orders.arn
  description = "Discovers the events on bus orders"
  tags        = local.tags
}

resource "aws_s3_bucket" "orders_audit_access_logs" {
  bucket = "${local.name_prefix}-orders-audit-logs-${data.aws_caller_identity.current.account_id}"
  tags   = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "orders_audit_access_logs" {
  bucket = aws_s3_bucket.orders_audit_access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "orders_audit_access_logs" {
  bucket                  = aws_s3_bucket.orders_audit_access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "orders_audit_access_logs" {
  bucket = aws_s3_bucket.orders_audit_access_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "orders_audit_access_logs" {
  bucket = aws_s3_bucket.orders_audit_access_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = 400
    }
  }
}

resource "aws_s3_bucket_policy" "orders_audit_access_logs" {
  bucket = aws_s3_bucket.orders_audit_access_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "S3ServerAccessLogs"
        Effect = "Allow"
        Principal = {
          Service = "logging.s3.amazonaws.com"
        }
        Action   = ["s3:PutObject"]
        Resource = ["${aws_s3_bucket.orders_audit_access_logs.arn}/access/*"]
        Condition = {
          ArnLike = {
            "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:s3:::${local.name_prefix}-orders-audit-${data.aws_caller_identity.current.account_id}"
          }
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource = [
          aws_s3_bucket.orders_audit_access_logs.arn,
          "${aws_s3_bucket.orders_audit_access_logs.arn}/*",
        ]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_s3_bucket" "orders_audit" {
  bucket = "${local.name_prefix}-orders-audit-${data.aws_caller_identity.current.account_id}"
  tags   = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "orders_audit" {
  bucket = aws_s3_bucket.orders_audit.id

  rule {
    bucket_key_enabled = true

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "orders_audit" {
  bucket                  = aws_s3_bucket.orders_audit.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "orders_audit" {
  bucket = aws_s3_bucket.orders_audit.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "orders_audit" {
  bucket = aws_s3_bucket.orders_audit.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "orders_audit" {
  bucket        = aws_s3_bucket.orders_audit.id
  target_bucket = aws_s3_bucket.orders_audit_access_logs.id
  target_prefix = "access/"

  depends_on = [aws_s3_bucket_policy.orders_audit_access_logs]
}

resource "aws_s3_bucket_lifecycle_configuration" "orders_audit" {
  bucket = aws_s3_bucket.orders_audit.id

  rule {
    id     = "expire-audit-events"
    status = "Enabled"

    filter {}

    expiration {
      days = 400
    }

    noncurrent_version_expiration {
      noncurrent_days = 400
    }
  }
}

resource "aws_s3_bucket_policy" "orders_audit" {
  bucket = aws_s3_bucket.orders_audit.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.orders_audit.arn, "${aws_s3_bucket.orders_audit.arn}/*"]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "orders_audit" {
  name              = "/aws/kinesisfirehose/${local.name_prefix}-orders-audit"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_cloudwatch_log_stream" "orders_audit" {
  name           = "DestinationDelivery"
  log_group_name = aws_cloudwatch_log_group.orders_audit.name
}

resource "aws_iam_role" "orders_audit_firehose" {
  name        = "${local.name_prefix}-orders-audit-firehose"
  description = "Lets Firehose write audited events to the bucket"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "firehose.amazonaws.com"
        }
        Action = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "sts:ExternalId" = data.aws_caller_identity.current.account_id
          }
        }
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "orders_audit_firehose" {
  name = "least-privilege"
  role = aws_iam_role.orders_audit_firehose.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "WriteAuditBucket"
        Effect = "Allow"
        Action = [
          "s3:AbortMultipartUpload",
          "s3:GetBucketLocation",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:ListBucketMultipartUploads",
          "s3:PutObject",
        ]
        Resource = [aws_s3_bucket.orders_audit.arn, "${aws_s3_bucket.orders_audit.arn}/*"]
      },
      {
        Sid    = "WriteDeliveryLog"
        Effect = "Allow"
        Action = ["logs:PutLogEvents"]
        Resource = [
          "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/kinesisfirehose/${local.name_prefix}-orders-audit:log-stream:DestinationDelivery",
        ]
      },
      {
        Sid      = "UseKeyMainViaS3"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "s3.${var.region}.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_kinesis_firehose_delivery_stream" "orders_audit" {
  name        = "${local.name_prefix}-orders-audit"
  destination = "extended_s3"
  tags        = local.tags

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = aws_kms_key.main.arn
  }

  extended_s3_configuration {
    role_arn            = aws_iam_role.orders_audit_firehose.arn
    bucket_arn          = aws_s3_bucket.orders_audit.arn
    prefix              = "events/"
    error_output_prefix = "errors/"
    buffering_interval  = 300
    buffering_size      = 5
    compression_format  = "GZIP"
    kms_key_arn         = aws_kms_key.main.arn

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.orders_audit.name
      log_stream_name = aws_cloudwatch_log_stream.orders_audit.name
    }
  }
}

resource "aws_iam_role" "orders_audit_rule" {
  name        = "${local.name_prefix}-orders-audit-rule"
  description = "Lets EventBridge deliver every event to the audit stream"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action = "sts:AssumeRole"
        Condition = {
          ArnLike = {
            "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:events:${var.region}:${data.aws_caller_identity.current.account_id}:rule/${local.name_prefix}-orders/${local.name_prefix}-orders-audit"
          }
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "orders_audit_rule" {
  name = "least-privilege"
  role = aws_iam_role.orders_audit_rule.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "PutAuditRecords"
        Effect   = "Allow"
        Action   = ["firehose:PutRecord", "firehose:PutRecordBatch"]
        Resource = [aws_kinesis_firehose_delivery_stream.orders_audit.arn]
      },
    ]
  })
}

resource "aws_sqs_queue" "orders_audit_dlq" {
  name                              = "${local.name_prefix}-orders-audit-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue_policy" "orders_audit_dlq" {
  queue_url = aws_sqs_queue.orders_audit_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DeadLettersFromOrdersEventBusAuditRule"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.orders_audit_dlq.arn
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_cloudwatch_event_rule.orders_audit.arn
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.orders_audit_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_cloudwatch_event_rule" "orders_audit" {
  name           = "${local.name_prefix}-orders-audit"
  description    = "Every event on bus orders, to the audit trail"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern = jsonencode({
    source = [
      {
        prefix = ""
      },
    ]
  })
  state = "ENABLED"
  tags  = local.tags
}

resource "aws_cloudwatch_event_target" "orders_audit" {
  rule           = aws_cloudwatch_event_rule.orders_audit.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "AuditStream"
  arn            = aws_kinesis_firehose_delivery_stream.orders_audit.arn
  role_arn       = aws_iam_role.orders_audit_rule.arn

  dead_letter_config {
    arn = aws_sqs_queue.orders_audit_dlq.arn
  }

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}

resource "aws_sqs_queue" "order_buffer_dlq" {
  name                              = "${local.name_prefix}-order-buffer-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue" "order_buffer" {
  name                              = "${local.name_prefix}-order-buffer"
  visibility_timeout_seconds        = 180
  message_retention_seconds         = 345600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.order_buffer_dlq.arn
    maxReceiveCount     = 5
  })
  tags = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue" "audit_copy_dlq" {
  name                              = "${local.name_prefix}-audit-copy-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue" "audit_copy" {
  name                              = "${local.name_prefix}-audit-copy"
  visibility_timeout_seconds        = 30
  message_retention_seconds         = 345600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.audit_copy_dlq.arn
    maxReceiveCount     = 3
  })
  tags = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_dynamodb_table" "order_state" {
  name                        = "${local.name_prefix}-order-state"
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = var.order_state_deletion_protection
  hash_key                    = "pk"
  range_key                   = "sk"
  tags                        = local.tags

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
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
    prevent_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "process_order" {
  name              = "/aws/lambda/${local.name_prefix}-process-order"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "process_order_lambda" {
  name        = "${local.name_prefix}-process-order-lambda"
  description = "Execution role of function process-order: only what it consumes, writes and publishes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "process_order_lambda" {
  name = "least-privilege"
  role = aws_iam_role.process_order_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.process_order.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = ["*"]
      },
      {
        Sid    = "ConsumeOrderBufferQueue"
        Effect = "Allow"
        Action = [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
        ]
        Resource = [aws_sqs_queue.order_buffer.arn]
      },
      {
        Sid    = "WriteOrderStateTable"
        Effect = "Allow"
        Action = [
          "dynamodb:BatchWriteItem",
          "dynamodb:DeleteItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
        ]
        Resource = [aws_dynamodb_table.order_state.arn]
      },
      {
        Sid      = "PublishOrderEventsTopic"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [aws_sns_topic.order_events.arn]
      },
      {
        Sid      = "UseKeyMainViaSqs"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "sqs.${var.region}.amazonaws.com"
          }
        }
      },
      {
        Sid      = "UseKeyMainViaDynamodb"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "dynamodb.${var.region}.amazonaws.com"
          }
        }
      },
      {
        Sid      = "UseKeyMainViaSns"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "sns.${var.region}.amazonaws.com"
          }
        }
      },
      {
        Sid      = "UseKeyMainViaLambda"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "lambda.${var.region}.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_lambda_function" "process_order" {
  function_name    = "${local.name_prefix}-process-order"
  role             = aws_iam_role.process_order_lambda.arn
  runtime          = "python3.12"
  handler          = "app.handler"
  s3_bucket        = var.artifact_bucket
  s3_key           = "${var.artifact_prefix}functions/process_order-2370d46b98f67234.zip"
  source_code_hash = "I3DUa5j2cjTPB5TtIeq/ySSb3z3RcNhIO7WQCwT4hvg="
  architectures    = ["x86_64"]
  timeout          = 30
  memory_size      = var.lambda_memory_size
  publish          = true
  kms_key_arn      = aws_kms_key.main.arn
  tags             = local.tags

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOG_LEVEL              = var.log_level
      TABLE                  = aws_dynamodb_table.order_state.name
      TOPIC_ORDER_EVENTS_ARN = aws_sns_topic.order_events.arn
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.process_order.name
  }

  depends_on = [aws_iam_role_policy.process_order_lambda]
}

resource "aws_lambda_alias" "process_order" {
  count            = var.process_order_provisioned_concurrency > 0 ? 1 : 0
  name             = "live"
  description      = "The version that serves traffic"
  function_name    = aws_lambda_function.process_order.function_name
  function_version = aws_lambda_function.process_order.version
}

resource "aws_lambda_provisioned_concurrency_config" "process_order" {
  count                             = var.process_order_provisioned_concurrency > 0 ? 1 : 0
  function_name                     = aws_lambda_function.process_order.function_name
  qualifier                         = aws_lambda_alias.process_order[0].name
  provisioned_concurrent_executions = var.process_order_provisioned_concurrency
}

resource "aws_lambda_event_source_mapping" "process_order" {
  event_source_arn                   = aws_sqs_queue.order_buffer.arn
  function_name                      = var.process_order_provisioned_concurrency > 0 ? aws_lambda_alias.process_order[0].arn : aws_lambda_function.process_order.arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 5
  function_response_types            = ["ReportBatchItemFailures"]
  enabled                            = true
  tags                               = local.tags

  depends_on = [aws_iam_role_policy.process_order_lambda]
}

resource "aws_cloudwatch_log_group" "notify_customer" {
  name              = "/aws/lambda/${local.name_prefix}-notify-customer"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "notify_customer_lambda" {
  name        = "${local.name_prefix}-notify-customer-lambda"
  description = "Execution role of function notify-customer: only what it consumes, writes and publishes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "notify_customer_lambda" {
  name = "least-privilege"
  role = aws_iam_role.notify_customer_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.notify_customer.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = ["*"]
      },
      {
        Sid      = "UseKeyMainViaLambda"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "lambda.${var.region}.amazonaws.com"
          }
        }
      },
      {
        Sid      = "SendDeadLetters"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [aws_sqs_queue.notify_customer_dlq.arn]
      },
      {
        Sid      = "UseKeyMainForDeadLetters"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:aws:sqs:arn" = "arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:${local.name_prefix}-notify-customer-function-dlq"
          }
        }
      },
    ]
  })
}

resource "aws_sqs_queue" "notify_customer_dlq" {
  name                              = "${local.name_prefix}-notify-customer-function-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_lambda_function" "notify_customer" {
  function_name    = "${local.name_prefix}-notify-customer"
  role             = aws_iam_role.notify_customer_lambda.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  s3_bucket        = var.artifact_bucket
  s3_key           = "${var.artifact_prefix}functions/notify_customer-b3ad1a016ae54fff.zip"
  source_code_hash = "s60aAWrlT/8ixVTP/4A6QcLtaEuJirNm7hpdWkXP6g0="
  architectures    = ["x86_64"]
  timeout          = 10
  memory_size      = var.lambda_memory_size
  kms_key_arn      = aws_kms_key.main.arn
  tags             = local.tags

  dead_letter_config {
    target_arn = aws_sqs_queue.notify_customer_dlq.arn
  }

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOG_LEVEL = var.log_level
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.notify_customer.name
  }

  depends_on = [aws_iam_role_policy.notify_customer_lambda]
}

resource "aws_cloudwatch_log_group" "validate_order" {
  name              = "/aws/lambda/${local.name_prefix}-validate-order"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "validate_order_lambda" {
  name        = "${local.name_prefix}-validate-order-lambda"
  description = "Execution role of function validate-order: only what it consumes, writes and publishes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "validate_order_lambda" {
  name = "least-privilege"
  role = aws_iam_role.validate_order_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.validate_order.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = ["*"]
      },
      {
        Sid      = "UseKeyMainViaLambda"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "lambda.${var.region}.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_lambda_function" "validate_order" {
  function_name    = "${local.name_prefix}-validate-order"
  role             = aws_iam_role.validate_order_lambda.arn
  runtime          = "python3.12"
  handler          = "validate.handler"
  s3_bucket        = var.artifact_bucket
  s3_key           = "${var.artifact_prefix}functions/workflow-8393d23340b03b68.zip"
  source_code_hash = "g5PSM0CwO2hUc2nHrJUnfKnkY+RCxtZp4fc9Uz9ZvDM="
  architectures    = ["x86_64"]
  timeout          = 30
  memory_size      = var.lambda_memory_size
  kms_key_arn      = aws_kms_key.main.arn
  tags             = local.tags

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOG_LEVEL = var.log_level
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.validate_order.name
  }

  depends_on = [aws_iam_role_policy.validate_order_lambda]
}

resource "aws_cloudwatch_log_group" "request_approval" {
  name              = "/aws/lambda/${local.name_prefix}-request-approval"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "request_approval_lambda" {
  name        = "${local.name_prefix}-request-approval-lambda"
  description = "Execution role of function request-approval: only what it consumes, writes and publishes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "request_approval_lambda" {
  name = "least-privilege"
  role = aws_iam_role.request_approval_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.request_approval.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = ["*"]
      },
      {
        Sid      = "UseKeyMainViaLambda"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "lambda.${var.region}.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_lambda_function" "request_approval" {
  function_name    = "${local.name_prefix}-request-approval"
  role             = aws_iam_role.request_approval_lambda.arn
  runtime          = "python3.12"
  handler          = "approval.handler"
  s3_bucket        = var.artifact_bucket
  s3_key           = "${var.artifact_prefix}functions/workflow-8393d23340b03b68.zip"
  source_code_hash = "g5PSM0CwO2hUc2nHrJUnfKnkY+RCxtZp4fc9Uz9ZvDM="
  architectures    = ["x86_64"]
  timeout          = 30
  memory_size      = var.lambda_memory_size
  kms_key_arn      = aws_kms_key.main.arn
  tags             = local.tags

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOG_LEVEL = var.log_level
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.request_approval.name
  }

  depends_on = [aws_iam_role_policy.request_approval_lambda]
}

resource "aws_cloudwatch_log_group" "reserve_stock" {
  name              = "/aws/lambda/${local.name_prefix}-reserve-stock"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "reserve_stock_lambda" {
  name        = "${local.name_prefix}-reserve-stock-lambda"
  description = "Execution role of function reserve-stock: only what it consumes, writes and publishes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "reserve_stock_lambda" {
  name = "least-privilege"
  role = aws_iam_role.reserve_stock_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.reserve_stock.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = ["*"]
      },
      {
        Sid      = "UseKeyMainViaLambda"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "lambda.${var.region}.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_lambda_function" "reserve_stock" {
  function_name    = "${local.name_prefix}-reserve-stock"
  role             = aws_iam_role.reserve_stock_lambda.arn
  runtime          = "python3.12"
  handler          = "stock.handler"
  s3_bucket        = var.artifact_bucket
  s3_key           = "${var.artifact_prefix}functions/workflow-8393d23340b03b68.zip"
  source_code_hash = "g5PSM0CwO2hUc2nHrJUnfKnkY+RCxtZp4fc9Uz9ZvDM="
  architectures    = ["x86_64"]
  timeout          = 30
  memory_size      = var.lambda_memory_size
  kms_key_arn      = aws_kms_key.main.arn
  tags             = local.tags

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOG_LEVEL = var.log_level
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.reserve_stock.name
  }

  depends_on = [aws_iam_role_policy.reserve_stock_lambda]
}

resource "aws_cloudwatch_log_group" "charge_payment" {
  name              = "/aws/lambda/${local.name_prefix}-charge-payment"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "charge_payment_lambda" {
  name        = "${local.name_prefix}-charge-payment-lambda"
  description = "Execution role of function charge-payment: only what it consumes, writes and publishes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "charge_payment_lambda" {
  name = "least-privilege"
  role = aws_iam_role.charge_payment_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.charge_payment.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = ["*"]
      },
      {
        Sid      = "UseKeyMainViaLambda"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "lambda.${var.region}.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_lambda_function" "charge_payment" {
  function_name    = "${local.name_prefix}-charge-payment"
  role             = aws_iam_role.charge_payment_lambda.arn
  runtime          = "python3.12"
  handler          = "payment.handler"
  s3_bucket        = var.artifact_bucket
  s3_key           = "${var.artifact_prefix}functions/workflow-8393d23340b03b68.zip"
  source_code_hash = "g5PSM0CwO2hUc2nHrJUnfKnkY+RCxtZp4fc9Uz9ZvDM="
  architectures    = ["x86_64"]
  timeout          = 30
  memory_size      = var.lambda_memory_size
  kms_key_arn      = aws_kms_key.main.arn
  tags             = local.tags

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOG_LEVEL = var.log_level
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.charge_payment.name
  }

  depends_on = [aws_iam_role_policy.charge_payment_lambda]
}

resource "aws_cloudwatch_log_group" "handle_failure" {
  name              = "/aws/lambda/${local.name_prefix}-handle-failure"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "handle_failure_lambda" {
  name        = "${local.name_prefix}-handle-failure-lambda"
  description = "Execution role of function handle-failure: only what it consumes, writes and publishes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "handle_failure_lambda" {
  name = "least-privilege"
  role = aws_iam_role.handle_failure_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.handle_failure.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = ["*"]
      },
      {
        Sid      = "UseKeyMainViaLambda"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "lambda.${var.region}.amazonaws.com"
          }
        }
      },
    ]
  })
}

resource "aws_lambda_function" "handle_failure" {
  function_name    = "${local.name_prefix}-handle-failure"
  role             = aws_iam_role.handle_failure_lambda.arn
  runtime          = "python3.12"
  handler          = "failure.handler"
  s3_bucket        = var.artifact_bucket
  s3_key           = "${var.artifact_prefix}functions/workflow-8393d23340b03b68.zip"
  source_code_hash = "g5PSM0CwO2hUc2nHrJUnfKnkY+RCxtZp4fc9Uz9ZvDM="
  architectures    = ["x86_64"]
  timeout          = 30
  memory_size      = var.lambda_memory_size
  kms_key_arn      = aws_kms_key.main.arn
  tags             = local.tags

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOG_LEVEL = var.log_level
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.handle_failure.name
  }

  depends_on = [aws_iam_role_policy.handle_failure_lambda]
}

resource "aws_sns_topic" "order_events" {
  name              = "${local.name_prefix}-order-events"
  kms_master_key_id = aws_kms_key.main.arn
  tags              = local.tags
}

resource "aws_sqs_queue" "order_events_dlq" {
  name                              = "${local.name_prefix}-order-events-topic-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue_policy" "order_events_dlq" {
  queue_url = aws_sqs_queue.order_events_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DeadLettersFromOrderEventsTopic"
        Effect = "Allow"
        Principal = {
          Service = "sns.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.order_events_dlq.arn
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_sns_topic.order_events.arn
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.order_events_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "order_events_to_email1" {
  topic_arn = aws_sns_topic.order_events.arn
  protocol  = "email"
  endpoint  = "ops@example.com"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.order_events_dlq.arn
  })
}

resource "aws_sns_topic_subscription" "order_events_to_audit_copy" {
  topic_arn            = aws_sns_topic.order_events.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.audit_copy.arn
  raw_message_delivery = true
  filter_policy_scope  = "MessageAttributes"
  filter_policy = jsonencode({
    amount = [
      {
        numeric = [">", 100]
      },
    ]
  })
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.order_events_dlq.arn
  })

  depends_on = [aws_sqs_queue_policy.audit_copy]
}

resource "aws_sns_topic_subscription" "order_events_to_notify_customer" {
  topic_arn = aws_sns_topic.order_events.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.notify_customer.arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.order_events_dlq.arn
  })
}

resource "aws_lambda_permission" "order_events_to_notify_customer" {
  statement_id  = "order_events_to_notify_customer"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notify_customer.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.order_events.arn
}

resource "aws_sns_topic_subscription" "order_events_to_https4" {
  topic_arn = aws_sns_topic.order_events.arn
  protocol  = "https"
  endpoint  = "https://hooks.example.com/orders"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.order_events_dlq.arn
  })
}

resource "aws_sns_topic" "ops_alerts" {
  name              = "${local.name_prefix}-ops-alerts"
  kms_master_key_id = aws_kms_key.main.arn
  tags              = local.tags
}

resource "aws_sqs_queue" "ops_alerts_dlq" {
  name                              = "${local.name_prefix}-ops-alerts-topic-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue_policy" "ops_alerts_dlq" {
  queue_url = aws_sqs_queue.ops_alerts_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DeadLettersFromOpsAlertsTopic"
        Effect = "Allow"
        Principal = {
          Service = "sns.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.ops_alerts_dlq.arn
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_sns_topic.ops_alerts.arn
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.ops_alerts_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "ops_alerts_to_email1" {
  topic_arn = aws_sns_topic.ops_alerts.arn
  protocol  = "email"
  endpoint  = "oncall@example.com"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.ops_alerts_dlq.arn
  })
}

resource "aws_sqs_queue" "order_created_rule_dlq" {
  name                              = "${local.name_prefix}-order-created-rule-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_cloudwatch_event_rule" "order_created" {
  name           = "${local.name_prefix}-order-created"
  description    = "Rule order-created of pattern orders"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern = jsonencode({
    source      = ["com.company.orders"]
    detail-type = ["OrderCreated"]
  })
  state = "ENABLED"
  tags  = local.tags
}

resource "aws_cloudwatch_event_target" "order_created_order_buffer" {
  rule           = aws_cloudwatch_event_rule.order_created.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "OrderBufferQueue"
  arn            = aws_sqs_queue.order_buffer.arn

  dead_letter_config {
    arn = aws_sqs_queue.order_created_rule_dlq.arn
  }

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}

resource "aws_sqs_queue_policy" "order_created_rule_dlq" {
  queue_url = aws_sqs_queue.order_created_rule_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DeadLettersFromOrderCreatedRule"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.order_created_rule_dlq.arn
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_cloudwatch_event_rule.order_created.arn
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.order_created_rule_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sqs_queue" "large_order_rule_dlq" {
  name                              = "${local.name_prefix}-large-order-rule-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.main.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "large_order_rule" {
  name        = "${local.name_prefix}-large-order-rule"
  description = "Lets rule large-order deliver to its targets"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action = "sts:AssumeRole"
        Condition = {
          ArnLike = {
            "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:events:${var.region}:${data.aws_caller_identity.current.account_id}:rule/${local.name_prefix}-orders/${local.name_prefix}-large-order"
          }
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "large_order_rule" {
  name = "least-privilege"
  role = aws_iam_role.large_order_rule.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "StartFulfilOrderStateMachine"
        Effect   = "Allow"
        Action   = ["states:StartExecution"]
        Resource = [aws_sfn_state_machine.fulfil_order.arn]
      },
      {
        Sid      = "UseKeyMainForFulfilOrder"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:aws:states:stateMachineArn" = "arn:${data.aws_partition.current.partition}:states:${var.region}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.name_prefix}-fulfil-order"
          }
        }
      },
    ]
  })
}

resource "aws_cloudwatch_event_rule" "large_order" {
  name           = "${local.name_prefix}-large-order"
  description    = "Rule large-order of pattern orders"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern = jsonencode({
    source      = ["com.company.orders"]
    detail-type = ["OrderCreated"]
    detail = {
      amount = [
        {
          numeric = [">", 1000]
        },
      ]
    }
  })
  state = "ENABLED"
  tags  = local.tags
}

resource "aws_cloudwatch_event_target" "large_order_fulfil_order" {
  rule           = aws_cloudwatch_event_rule.large_order.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "FulfilOrderStateMachine"
  arn            = aws_sfn_state_machine.fulfil_order.arn
  role_arn       = aws_iam_role.large_order_rule.arn
  input_path     = "$.detail"

  dead_letter_config {
    arn = aws_sqs_queue.large_order_rule_dlq.arn
  }

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}

resource "aws_sqs_queue_policy" "large_order_rule_dlq" {
  queue_url = aws_sqs_queue.large_order_rule_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DeadLettersFromLargeOrderRule"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.large_order_rule_dlq.arn
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_cloudwatch_event_rule.large_order.arn
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.large_order_rule_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "fulfil_order_states" {
  name              = "/aws/vendedlogs/states/${local.name_prefix}-fulfil-order"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
  tags              = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_role" "fulfil_order_states" {
  name        = "${local.name_prefix}-fulfil-order-states"
  description = "Execution role of workflow fulfil-order: only the tasks its states call"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "states.amazonaws.com"
        }
        Action = "sts:AssumeRole"
        Condition = {
          ArnLike = {
            "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:states:${var.region}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.name_prefix}-fulfil-order"
          }
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
    ]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "fulfil_order_states" {
  name = "least-privilege"
  role = aws_iam_role.fulfil_order_states.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ValidateTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.validate_order.arn]
      },
      {
        Sid      = "WaitForApprovalTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.request_approval.arn]
      },
      {
        Sid      = "ReserveTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.reserve_stock.arn]
      },
      {
        Sid      = "ChargeTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.charge_payment.arn]
      },
      {
        Sid      = "ProcessInSequenceTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.reserve_stock.arn]
      },
      {
        Sid      = "ChargeAfterReserveTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.charge_payment.arn]
      },
      {
        Sid      = "PublishResultTask"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [aws_sns_topic.order_events.arn]
      },
      {
        Sid      = "HandleErrorTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.handle_failure.arn]
      },
      {
        Sid      = "HandleTimeoutTask"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.handle_failure.arn]
      },
      {
        Sid    = "DeliverLogs"
        Effect = "Allow"
        Action = [
          "logs:CreateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:DescribeLogGroups",
          "logs:DescribeResourcePolicies",
          "logs:GetLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:UpdateLogDelivery",
        ]
        Resource = ["*"]
      },
      {
        Sid    = "WriteTraces"
        Effect = "Allow"
        Action = [
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "xray:PutTelemetryRecords",
          "xray:PutTraceSegments",
        ]
        Resource = ["*"]
      },
      {
        Sid      = "UseKeyMainViaSns"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "sns.${var.region}.amazonaws.com"
          }
        }
      },
      {
        Sid      = "UseKeyMainForFulfilOrder"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:aws:states:stateMachineArn" = "arn:${data.aws_partition.current.partition}:states:${var.region}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.name_prefix}-fulfil-order"
          }
        }
      },
      {
        Sid      = "UseKeyMainForLogDelivery"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey"]
        Resource = [aws_kms_key.main.arn]
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:SourceArn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:*"
          }
        }
      },
    ]
  })
}

resource "aws_sfn_state_machine" "fulfil_order" {
  name     = "${local.name_prefix}-fulfil-order"
  type     = "STANDARD"
  role_arn = aws_iam_role.fulfil_order_states.arn
  definition = templatefile("${path.module}/workflows/fulfil-order.asl.json.tftpl", {
    ValidateOrderFunctionArn   = aws_lambda_function.validate_order.arn
    RequestApprovalFunctionArn = aws_lambda_function.request_approval.arn
    ReserveStockFunctionArn    = aws_lambda_function.reserve_stock.arn
    ChargePaymentFunctionArn   = aws_lambda_function.charge_payment.arn
    OrderEventsTopicArn        = aws_sns_topic.order_events.arn
    HandleFailureFunctionArn   = aws_lambda_function.handle_failure.arn
  })
  tags = local.tags

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.fulfil_order_states.arn}:*"
    include_execution_data = true
    level                  = var.workflow_log_level
  }

  tracing_configuration {
    enabled = true
  }

  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = aws_kms_key.main.arn
    kms_data_key_reuse_period_seconds = 300
  }
}

resource "aws_cloudwatch_metric_alarm" "orders_audit_failed_invocations" {
  alarm_name          = "${local.name_prefix}-orders-audit-failed-invocations"
  alarm_description   = "Events the audit rule could not deliver to its stream: the audit trail has gaps"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "FailedInvocations"
  namespace           = "AWS/Events"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    EventBusName = aws_cloudwatch_event_bus.orders.name
    RuleName     = aws_cloudwatch_event_rule.orders_audit.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "orders_audit_delivery_freshness" {
  alarm_name          = "${local.name_prefix}-orders-audit-delivery-freshness"
  alarm_description   = "The oldest audit record not yet in S3 is over 15 minutes old: delivery is failing or behind"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "DeliveryToS3.DataFreshness"
  namespace           = "AWS/Firehose"
  period              = 300
  statistic           = "Maximum"
  threshold           = 900
  treat_missing_data  = "notBreaching"
  dimensions = {
    DeliveryStreamName = aws_kinesis_firehose_delivery_stream.orders_audit.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "orders_audit_delivery_success" {
  alarm_name          = "${local.name_prefix}-orders-audit-delivery-success"
  alarm_description   = "Deliveries of audit records to S3 failed"
  comparison_operator = "LessThanThreshold"
  evaluation_periods  = 1
  metric_name         = "DeliveryToS3.Success"
  namespace           = "AWS/Firehose"
  period              = 300
  statistic           = "Minimum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    DeliveryStreamName = aws_kinesis_firehose_delivery_stream.orders_audit.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "orders_audit_dlq_messages" {
  alarm_name          = "${local.name_prefix}-orders-audit-dlq-messages"
  alarm_description   = "Events the audit rule could not deliver to its stream after its retries: the audit trail has gaps"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.orders_audit_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "order_buffer_dlq_messages" {
  alarm_name          = "${local.name_prefix}-order-buffer-dlq-messages"
  alarm_description   = "Messages in the dead-letter queue: failed events need attention"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.order_buffer_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "order_buffer_queue_depth" {
  alarm_name          = "${local.name_prefix}-order-buffer-queue-depth"
  alarm_description   = "Queue backlog above the threshold: consumers are not keeping up"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 5000
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.order_buffer.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "order_buffer_queue_oldest_message" {
  alarm_name          = "${local.name_prefix}-order-buffer-queue-oldest-message"
  alarm_description   = "The oldest message has waited over an hour: consumption is stuck or failing"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateAgeOfOldestMessage"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 3600
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.order_buffer.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "audit_copy_dlq_messages" {
  alarm_name          = "${local.name_prefix}-audit-copy-dlq-messages"
  alarm_description   = "Messages in the dead-letter queue: failed events need attention"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.audit_copy_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "audit_copy_queue_depth" {
  alarm_name          = "${local.name_prefix}-audit-copy-queue-depth"
  alarm_description   = "Queue backlog above the threshold: consumers are not keeping up"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 5000
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.audit_copy.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "audit_copy_queue_oldest_message" {
  alarm_name          = "${local.name_prefix}-audit-copy-queue-oldest-message"
  alarm_description   = "The oldest message has waited over an hour: consumption is stuck or failing"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateAgeOfOldestMessage"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 3600
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.audit_copy.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "order_events_topic_notifications_failed" {
  alarm_name          = "${local.name_prefix}-order-events-topic-notifications-failed"
  alarm_description   = "Notifications SNS could not deliver to a subscriber"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "NumberOfNotificationsFailed"
  namespace           = "AWS/SNS"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    TopicName = aws_sns_topic.order_events.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "order_events_topic_dlq_messages" {
  alarm_name          = "${local.name_prefix}-order-events-topic-dlq-messages"
  alarm_description   = "Messages SNS could not deliver to a subscriber after its retries"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.order_events_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "ops_alerts_topic_notifications_failed" {
  alarm_name          = "${local.name_prefix}-ops-alerts-topic-notifications-failed"
  alarm_description   = "Notifications SNS could not deliver to a subscriber"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "NumberOfNotificationsFailed"
  namespace           = "AWS/SNS"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    TopicName = aws_sns_topic.ops_alerts.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "ops_alerts_topic_dlq_messages" {
  alarm_name          = "${local.name_prefix}-ops-alerts-topic-dlq-messages"
  alarm_description   = "Messages SNS could not deliver to a subscriber after its retries"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.ops_alerts_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "process_order_lambda_errors" {
  alarm_name          = "${local.name_prefix}-process-order-lambda-errors"
  alarm_description   = "Function errors above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.process_order.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "process_order_lambda_duration_p99" {
  alarm_name          = "${local.name_prefix}-process-order-lambda-duration-p99"
  alarm_description   = "p99 duration above 80% of the function's timeout: invocations are about to time out"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Duration"
  namespace           = "AWS/Lambda"
  period              = 300
  extended_statistic  = "p99"
  threshold           = 24000
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"
  dimensions = {
    FunctionName = aws_lambda_function.process_order.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "process_order_lambda_throttles" {
  alarm_name          = "${local.name_prefix}-process-order-lambda-throttles"
  alarm_description   = "Invocations throttled in 5 minutes: concurrency is exhausted and events wait or fail"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "Throttles"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.process_order.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "notify_customer_lambda_errors" {
  alarm_name          = "${local.name_prefix}-notify-customer-lambda-errors"
  alarm_description   = "Function errors above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.notify_customer.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "notify_customer_lambda_duration_p99" {
  alarm_name          = "${local.name_prefix}-notify-customer-lambda-duration-p99"
  alarm_description   = "p99 duration above 80% of the function's timeout: invocations are about to time out"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Duration"
  namespace           = "AWS/Lambda"
  period              = 300
  extended_statistic  = "p99"
  threshold           = 8000
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"
  dimensions = {
    FunctionName = aws_lambda_function.notify_customer.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "notify_customer_lambda_throttles" {
  alarm_name          = "${local.name_prefix}-notify-customer-lambda-throttles"
  alarm_description   = "Invocations throttled in 5 minutes: concurrency is exhausted and events wait or fail"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "Throttles"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.notify_customer.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "notify_customer_function_dlq_messages" {
  alarm_name          = "${local.name_prefix}-notify-customer-function-dlq-messages"
  alarm_description   = "Notifications the function failed to process after Lambda's asynchronous retries"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.notify_customer_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "validate_order_lambda_errors" {
  alarm_name          = "${local.name_prefix}-validate-order-lambda-errors"
  alarm_description   = "Function errors above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.validate_order.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "validate_order_lambda_duration_p99" {
  alarm_name          = "${local.name_prefix}-validate-order-lambda-duration-p99"
  alarm_description   = "p99 duration above 80% of the function's timeout: invocations are about to time out"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Duration"
  namespace           = "AWS/Lambda"
  period              = 300
  extended_statistic  = "p99"
  threshold           = 24000
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"
  dimensions = {
    FunctionName = aws_lambda_function.validate_order.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "validate_order_lambda_throttles" {
  alarm_name          = "${local.name_prefix}-validate-order-lambda-throttles"
  alarm_description   = "Invocations throttled in 5 minutes: concurrency is exhausted and events wait or fail"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "Throttles"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.validate_order.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "request_approval_lambda_errors" {
  alarm_name          = "${local.name_prefix}-request-approval-lambda-errors"
  alarm_description   = "Function errors above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.request_approval.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "request_approval_lambda_duration_p99" {
  alarm_name          = "${local.name_prefix}-request-approval-lambda-duration-p99"
  alarm_description   = "p99 duration above 80% of the function's timeout: invocations are about to time out"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Duration"
  namespace           = "AWS/Lambda"
  period              = 300
  extended_statistic  = "p99"
  threshold           = 24000
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"
  dimensions = {
    FunctionName = aws_lambda_function.request_approval.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "request_approval_lambda_throttles" {
  alarm_name          = "${local.name_prefix}-request-approval-lambda-throttles"
  alarm_description   = "Invocations throttled in 5 minutes: concurrency is exhausted and events wait or fail"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "Throttles"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.request_approval.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "reserve_stock_lambda_errors" {
  alarm_name          = "${local.name_prefix}-reserve-stock-lambda-errors"
  alarm_description   = "Function errors above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.reserve_stock.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "reserve_stock_lambda_duration_p99" {
  alarm_name          = "${local.name_prefix}-reserve-stock-lambda-duration-p99"
  alarm_description   = "p99 duration above 80% of the function's timeout: invocations are about to time out"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Duration"
  namespace           = "AWS/Lambda"
  period              = 300
  extended_statistic  = "p99"
  threshold           = 24000
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"
  dimensions = {
    FunctionName = aws_lambda_function.reserve_stock.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "reserve_stock_lambda_throttles" {
  alarm_name          = "${local.name_prefix}-reserve-stock-lambda-throttles"
  alarm_description   = "Invocations throttled in 5 minutes: concurrency is exhausted and events wait or fail"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "Throttles"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.reserve_stock.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "charge_payment_lambda_errors" {
  alarm_name          = "${local.name_prefix}-charge-payment-lambda-errors"
  alarm_description   = "Function errors above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.charge_payment.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "charge_payment_lambda_duration_p99" {
  alarm_name          = "${local.name_prefix}-charge-payment-lambda-duration-p99"
  alarm_description   = "p99 duration above 80% of the function's timeout: invocations are about to time out"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Duration"
  namespace           = "AWS/Lambda"
  period              = 300
  extended_statistic  = "p99"
  threshold           = 24000
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"
  dimensions = {
    FunctionName = aws_lambda_function.charge_payment.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "charge_payment_lambda_throttles" {
  alarm_name          = "${local.name_prefix}-charge-payment-lambda-throttles"
  alarm_description   = "Invocations throttled in 5 minutes: concurrency is exhausted and events wait or fail"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "Throttles"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.charge_payment.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "handle_failure_lambda_errors" {
  alarm_name          = "${local.name_prefix}-handle-failure-lambda-errors"
  alarm_description   = "Function errors above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.handle_failure.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "handle_failure_lambda_duration_p99" {
  alarm_name          = "${local.name_prefix}-handle-failure-lambda-duration-p99"
  alarm_description   = "p99 duration above 80% of the function's timeout: invocations are about to time out"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Duration"
  namespace           = "AWS/Lambda"
  period              = 300
  extended_statistic  = "p99"
  threshold           = 24000
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"
  dimensions = {
    FunctionName = aws_lambda_function.handle_failure.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "handle_failure_lambda_throttles" {
  alarm_name          = "${local.name_prefix}-handle-failure-lambda-throttles"
  alarm_description   = "Invocations throttled in 5 minutes: concurrency is exhausted and events wait or fail"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "Throttles"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = aws_lambda_function.handle_failure.function_name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "order_created_rule_failed_invocations" {
  alarm_name          = "${local.name_prefix}-order-created-rule-failed-invocations"
  alarm_description   = "Rule target invocations that failed permanently, above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "FailedInvocations"
  namespace           = "AWS/Events"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    EventBusName = aws_cloudwatch_event_bus.orders.name
    RuleName     = aws_cloudwatch_event_rule.order_created.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "order_created_rule_dlq_messages" {
  alarm_name          = "${local.name_prefix}-order-created-rule-dlq-messages"
  alarm_description   = "Events in the rule's dead-letter queue: deliveries to a target failed"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.order_created_rule_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "large_order_rule_failed_invocations" {
  alarm_name          = "${local.name_prefix}-large-order-rule-failed-invocations"
  alarm_description   = "Rule target invocations that failed permanently, above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "FailedInvocations"
  namespace           = "AWS/Events"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    EventBusName = aws_cloudwatch_event_bus.orders.name
    RuleName     = aws_cloudwatch_event_rule.large_order.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "large_order_rule_dlq_messages" {
  alarm_name          = "${local.name_prefix}-large-order-rule-dlq-messages"
  alarm_description   = "Events in the rule's dead-letter queue: deliveries to a target failed"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    QueueName = aws_sqs_queue.large_order_rule_dlq.name
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "fulfil_order_workflow_failed" {
  alarm_name          = "${local.name_prefix}-fulfil-order-workflow-failed"
  alarm_description   = "A workflow execution failed"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ExecutionsFailed"
  namespace           = "AWS/States"
  period              = 60
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    StateMachineArn = aws_sfn_state_machine.fulfil_order.arn
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "fulfil_order_workflow_throttled" {
  alarm_name          = "${local.name_prefix}-fulfil-order-workflow-throttled"
  alarm_description   = "Workflow executions throttled above the threshold in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ExecutionThrottled"
  namespace           = "AWS/States"
  period              = 300
  statistic           = "Sum"
  threshold           = 5
  treat_missing_data  = "notBreaching"
  dimensions = {
    StateMachineArn = aws_sfn_state_machine.fulfil_order.arn
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "fulfil_order_workflow_timed_out" {
  alarm_name          = "${local.name_prefix}-fulfil-order-workflow-timed-out"
  alarm_description   = "A workflow execution timed out"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ExecutionsTimedOut"
  namespace           = "AWS/States"
  period              = 60
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    StateMachineArn = aws_sfn_state_machine.fulfil_order.arn
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "fulfil_order_workflow_aborted" {
  alarm_name          = "${local.name_prefix}-fulfil-order-workflow-aborted"
  alarm_description   = "A workflow execution was aborted"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "ExecutionsAborted"
  namespace           = "AWS/States"
  period              = 60
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  dimensions = {
    StateMachineArn = aws_sfn_state_machine.fulfil_order.arn
  }
  alarm_actions = [aws_sns_topic.ops_alerts.arn]
  tags          = local.tags
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = "${local.name_prefix}-dashboard"
  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "EventBridge rules"
          view    = "timeSeries"
          stacked = false
          region  = var.region
          period  = 300
          metrics = [
            [
              "AWS/Events",
              "MatchedEvents",
              "EventBusName",
              aws_cloudwatch_event_bus.orders.name,
              "RuleName",
              aws_cloudwatch_event_rule.order_created.name,
              {
                stat  = "Sum"
                label = "order-created matched"
              },
            ],
            [
              "AWS/Events",
              "FailedInvocations",
              "EventBusName",
              aws_cloudwatch_event_bus.orders.name,
              "RuleName",
              aws_cloudwatch_event_rule.order_created.name,
              {
                stat  = "Sum"
                label = "order-created failed"
              },
            ],
            [
              "AWS/Events",
              "MatchedEvents",
              "EventBusName",
              aws_cloudwatch_event_bus.orders.name,
              "RuleName",
              aws_cloudwatch_event_rule.large_order.name,
              {
                stat  = "Sum"
                label = "large-order matched"
              },
            ],
            [
              "AWS/Events",
              "FailedInvocations",
              "EventBusName",
              aws_cloudwatch_event_bus.orders.name,
              "RuleName",
              aws_cloudwatch_event_rule.large_order.name,
              {
                stat  = "Sum"
                label = "large-order failed"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "Lambda functions"
          view    = "timeSeries"
          stacked = false
          region  = var.region
          period  = 300
          metrics = [
            [
              "AWS/Lambda",
              "Invocations",
              "FunctionName",
              aws_lambda_function.process_order.function_name,
              {
                stat  = "Sum"
                label = "process-order invocations"
              },
            ],
            [
              "AWS/Lambda",
              "Errors",
              "FunctionName",
              aws_lambda_function.process_order.function_name,
              {
                stat  = "Sum"
                label = "process-order errors"
              },
            ],
            [
              "AWS/Lambda",
              "Duration",
              "FunctionName",
              aws_lambda_function.process_order.function_name,
              {
                stat  = "p99"
                label = "process-order p99 duration (ms)"
                yAxis = "right"
              },
            ],
            [
              "AWS/Lambda",
              "Invocations",
              "FunctionName",
              aws_lambda_function.notify_customer.function_name,
              {
                stat  = "Sum"
                label = "notify-customer invocations"
              },
            ],
            [
              "AWS/Lambda",
              "Errors",
              "FunctionName",
              aws_lambda_function.notify_customer.function_name,
              {
                stat  = "Sum"
                label = "notify-customer errors"
              },
            ],
            [
              "AWS/Lambda",
              "Duration",
              "FunctionName",
              aws_lambda_function.notify_customer.function_name,
              {
                stat  = "p99"
                label = "notify-customer p99 duration (ms)"
                yAxis = "right"
              },
            ],
            [
              "AWS/Lambda",
              "Invocations",
              "FunctionName",
              aws_lambda_function.validate_order.function_name,
              {
                stat  = "Sum"
                label = "validate-order invocations"
              },
            ],
            [
              "AWS/Lambda",
              "Errors",
              "FunctionName",
              aws_lambda_function.validate_order.function_name,
              {
                stat  = "Sum"
                label = "validate-order errors"
              },
            ],
            [
              "AWS/Lambda",
              "Duration",
              "FunctionName",
              aws_lambda_function.validate_order.function_name,
              {
                stat  = "p99"
                label = "validate-order p99 duration (ms)"
                yAxis = "right"
              },
            ],
            [
              "AWS/Lambda",
              "Invocations",
              "FunctionName",
              aws_lambda_function.request_approval.function_name,
              {
                stat  = "Sum"
                label = "request-approval invocations"
              },
            ],
            [
              "AWS/Lambda",
              "Errors",
              "FunctionName",
              aws_lambda_function.request_approval.function_name,
              {
                stat  = "Sum"
                label = "request-approval errors"
              },
            ],
            [
              "AWS/Lambda",
              "Duration",
              "FunctionName",
              aws_lambda_function.request_approval.function_name,
              {
                stat  = "p99"
                label = "request-approval p99 duration (ms)"
                yAxis = "right"
              },
            ],
            [
              "AWS/Lambda",
              "Invocations",
              "FunctionName",
              aws_lambda_function.reserve_stock.function_name,
              {
                stat  = "Sum"
                label = "reserve-stock invocations"
              },
            ],
            [
              "AWS/Lambda",
              "Errors",
              "FunctionName",
              aws_lambda_function.reserve_stock.function_name,
              {
                stat  = "Sum"
                label = "reserve-stock errors"
              },
            ],
            [
              "AWS/Lambda",
              "Duration",
              "FunctionName",
              aws_lambda_function.reserve_stock.function_name,
              {
                stat  = "p99"
                label = "reserve-stock p99 duration (ms)"
                yAxis = "right"
              },
            ],
            [
              "AWS/Lambda",
              "Invocations",
              "FunctionName",
              aws_lambda_function.charge_payment.function_name,
              {
                stat  = "Sum"
                label = "charge-payment invocations"
              },
            ],
            [
              "AWS/Lambda",
              "Errors",
              "FunctionName",
              aws_lambda_function.charge_payment.function_name,
              {
                stat  = "Sum"
                label = "charge-payment errors"
              },
            ],
            [
              "AWS/Lambda",
              "Duration",
              "FunctionName",
              aws_lambda_function.charge_payment.function_name,
              {
                stat  = "p99"
                label = "charge-payment p99 duration (ms)"
                yAxis = "right"
              },
            ],
            [
              "AWS/Lambda",
              "Invocations",
              "FunctionName",
              aws_lambda_function.handle_failure.function_name,
              {
                stat  = "Sum"
                label = "handle-failure invocations"
              },
            ],
            [
              "AWS/Lambda",
              "Errors",
              "FunctionName",
              aws_lambda_function.handle_failure.function_name,
              {
                stat  = "Sum"
                label = "handle-failure errors"
              },
            ],
            [
              "AWS/Lambda",
              "Duration",
              "FunctionName",
              aws_lambda_function.handle_failure.function_name,
              {
                stat  = "p99"
                label = "handle-failure p99 duration (ms)"
                yAxis = "right"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 6
        width  = 12
        height = 6
        properties = {
          title   = "SQS queues"
          view    = "timeSeries"
          stacked = false
          region  = var.region
          period  = 300
          metrics = [
            [
              "AWS/SQS",
              "ApproximateNumberOfMessagesVisible",
              "QueueName",
              aws_sqs_queue.order_buffer.name,
              {
                stat  = "Maximum"
                label = "order-buffer visible messages"
              },
            ],
            [
              "AWS/SQS",
              "ApproximateAgeOfOldestMessage",
              "QueueName",
              aws_sqs_queue.order_buffer.name,
              {
                stat  = "Maximum"
                label = "order-buffer oldest message age (s)"
                yAxis = "right"
              },
            ],
            [
              "AWS/SQS",
              "ApproximateNumberOfMessagesVisible",
              "QueueName",
              aws_sqs_queue.audit_copy.name,
              {
                stat  = "Maximum"
                label = "audit-copy visible messages"
              },
            ],
            [
              "AWS/SQS",
              "ApproximateAgeOfOldestMessage",
              "QueueName",
              aws_sqs_queue.audit_copy.name,
              {
                stat  = "Maximum"
                label = "audit-copy oldest message age (s)"
                yAxis = "right"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 6
        width  = 12
        height = 6
        properties = {
          title   = "Step Functions workflows"
          view    = "timeSeries"
          stacked = false
          region  = var.region
          period  = 300
          metrics = [
            [
              "AWS/States",
              "ExecutionsStarted",
              "StateMachineArn",
              "arn:${data.aws_partition.current.partition}:states:${var.region}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.name_prefix}-fulfil-order",
              {
                stat  = "Sum"
                label = "fulfil-order started"
              },
            ],
            [
              "AWS/States",
              "ExecutionsFailed",
              "StateMachineArn",
              "arn:${data.aws_partition.current.partition}:states:${var.region}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.name_prefix}-fulfil-order",
              {
                stat  = "Sum"
                label = "fulfil-order failed"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 12
        width  = 12
        height = 6
        properties = {
          title   = "Dead-letter queues"
          view    = "timeSeries"
          stacked = false
          region  = var.region
          period  = 60
          metrics = [
            [
              "AWS/SQS",
              "ApproximateNumberOfMessagesVisible",
              "QueueName",
              aws_sqs_queue.order_buffer_dlq.name,
              {
                stat  = "Maximum"
                label = "order-buffer-dlq visible messages"
              },
            ],
            [
              "AWS/SQS",
              "ApproximateNumberOfMessagesVisible",
              "QueueName",
              aws_sqs_queue.audit_copy_dlq.name,
              {
                stat  = "Maximum"
                label = "audit-copy-dlq visible messages"
              },
            ],
          ]
        }
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "audit_copy" {
  queue_url = aws_sqs_queue.audit_copy.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "FromOrderEventsTopic"
        Effect = "Allow"
        Principal = {
          Service = "sns.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.audit_copy.arn
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_sns_topic.order_events.arn
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.audit_copy.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "order_buffer" {
  queue_url = aws_sqs_queue.order_buffer.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "FromOrderCreatedRule"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.order_buffer.arn
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_cloudwatch_event_rule.order_created.arn
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.order_buffer.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "order_buffer_dlq" {
  queue_url = aws_sqs_queue.order_buffer_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.order_buffer_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "audit_copy_dlq" {
  queue_url = aws_sqs_queue.audit_copy_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.audit_copy_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "notify_customer_dlq" {
  queue_url = aws_sqs_queue.notify_customer_dlq.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.notify_customer_dlq.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sns_topic_policy" "order_events" {
  arn = aws_sns_topic.order_events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.order_events.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_sns_topic_policy" "ops_alerts" {
  arn = aws_sns_topic.ops_alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "FromAlarms"
        Effect = "Allow"
        Principal = {
          Service = "cloudwatch.amazonaws.com"
        }
        Action   = "sns:Publish"
        Resource = aws_sns_topic.ops_alerts.arn
        Condition = {
          ArnLike = {
            "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudwatch:${var.region}:${data.aws_caller_identity.current.account_id}:alarm:*"
          }
          StringEquals = {
            "aws:SourceAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.ops_alerts.arn
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}
