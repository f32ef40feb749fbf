variable "region" {
  type        = string
  description = "AWS region"
  default     = "eu-west-1"
}

variable "environment" {
  type        = string
  description = "Environment name"
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod"
  }
}

variable "retention_days" {
  type    = number
  default = 7
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "table_attributes" {
  type = list(object({ name = string, type = string }))
  default = [
    { name = "pk", type = "S" },
    { name = "sk", type = "S" },
  ]
}

variable "provisioned_concurrency" {
  type    = number
  default = 0
}
