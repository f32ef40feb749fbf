# expect: resource aws_cloudwatch_event_target.t: retry_policy: at most one retry_policy block is allowed, found 2
resource "aws_cloudwatch_event_target" "t" {
  rule = "r"
  arn  = "arn:aws:sqs:eu-west-1:111111111111:q"
  retry_policy {
    maximum_retry_attempts = 3
  }
  retry_policy {
    maximum_event_age_in_seconds = 60
  }
}
