# expect: resource aws_cloudwatch_event_target.t: dead_letter_config: unknown argument maximum_retry_attempts; it is an argument of retry_policy
resource "aws_cloudwatch_event_target" "t" {
  rule = "r"
  arn  = "arn:aws:sqs:eu-west-1:111111111111:q"
  dead_letter_config {
    arn                    = "arn:aws:sqs:eu-west-1:111111111111:dlq"
    maximum_retry_attempts = 3
  }
}
