variable "tenant" {
  type        = string
  description = "The tenant: first part of every name (<tenant>-<environment>-...)"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.tenant))
    error_message = "A tenant is lower-case kebab-case."
  }
}

variable "environment" {
  type        = string
  description = "The environment (stage) the stack deploys"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.environment))
    error_message = "An environment is lower-case kebab-case."
  }
}

variable "region" {
  type        = string
  description = "The AWS region"
  default     = "us-east-1"
}

variable "artifact_bucket" {
  type        = string
  description = "S3 bucket with the functions' code, a zip per code folder"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifact_bucket))
    error_message = "Name the S3 bucket that holds the functions' zips (set artifact_bucket in the stack)."
  }
}

variable "artifact_prefix" {
  type        = string
  description = "Key prefix of the zips in the artifact bucket"
  default     = "orders/"
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the pattern's logs"

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "CloudWatch Logs accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days."
  }
}

variable "order_state_deletion_protection" {
  type        = bool
  description = "Deletion protection of table order-state: on where the environment keeps its data (keep_data)"
}

variable "lambda_memory_size" {
  type        = number
  description = "Memory of the pattern's functions, in MB"

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240
    error_message = "Lambda memory is 128 to 10240 MB."
  }
}

variable "log_level" {
  type        = string
  description = "Log level of the pattern's functions"
}

variable "process_order_provisioned_concurrency" {
  type        = number
  description = "Provisioned concurrency of function process-order on its live alias (0: none)"

  validation {
    condition     = var.process_order_provisioned_concurrency >= 0
    error_message = "Provisioned concurrency is 0 (none) or more."
  }
}

variable "workflow_log_level" {
  type        = string
  description = "Step Functions logging level: ALL, ERROR, FATAL or OFF"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.workflow_log_level)
    error_message = "Step Functions logging levels are ALL, ERROR, FATAL and OFF."
  }
}
