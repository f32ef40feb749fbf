assert {
  condition     = aws_sqs_queue.q.delay_seconds == 5
  error_message = "prod: the queue's delay_seconds is not 5"
}
