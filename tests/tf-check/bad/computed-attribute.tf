# expect: resource aws_sqs_queue.q: arn is computed by the provider (read-only) and cannot be set
resource "aws_sqs_queue" "q" {
  name = "q"
  arn  = "arn:aws:sqs:eu-west-1:111111111111:q"
}
