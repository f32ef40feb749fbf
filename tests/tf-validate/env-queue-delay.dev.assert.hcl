assert {
  condition     = var.q_delay_seconds == null
  error_message = "dev: q_delay_seconds is not null (its default), so dev's 0s was written out"
}
assert {
  condition     = aws_sqs_queue.q.delay_seconds == null
  error_message = "dev: the queue's delay_seconds is not null"
}
