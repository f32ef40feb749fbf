# expect: resource aws_sqs_queue.q: unknown argument visibility_timeout (did you mean visibility_timeout_seconds?)
resource "aws_sqs_queue" "q" {
  name               = "q"
  visibility_timeout = 30
}
