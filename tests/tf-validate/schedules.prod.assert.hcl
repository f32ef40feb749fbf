assert {
  condition     = aws_scheduler_schedule.nightly_report.schedule_expression == "cron(0 2 * * ? *)" && aws_scheduler_schedule.nightly_report.schedule_expression_timezone == "Europe/Paris"
  error_message = "prod: nightly-report is not cron(0 2 * * ? *) in Europe/Paris"
}
assert {
  condition     = aws_scheduler_schedule.nightly_report.flexible_time_window[0].mode == "FLEXIBLE" && aws_scheduler_schedule.nightly_report.flexible_time_window[0].maximum_window_in_minutes == 15
  error_message = "prod: nightly-report's flexible window is not 15 minutes"
}
assert {
  condition     = aws_scheduler_schedule.every_five.schedule_expression == "rate(5 minutes)" && aws_scheduler_schedule.every_five.flexible_time_window[0].mode == "OFF"
  error_message = "prod: every-five is not rate(5 minutes) without a window"
}
assert {
  condition     = aws_scheduler_schedule.once.schedule_expression == "at(2027-01-01T09:00:00)"
  error_message = "prod: once is not at(2027-01-01T09:00:00)"
}
assert {
  condition     = aws_scheduler_schedule.once.group_name == "acme-prod-sched-reports" && aws_scheduler_schedule.nightly_report.group_name == "acme-prod-sched-reports"
  error_message = "prod: once and nightly-report are not in the reports group"
}
assert {
  condition     = aws_scheduler_schedule.ping.state == "DISABLED"
  error_message = "prod: ping is not disabled"
}
assert {
  condition     = strcontains(aws_iam_role.nightly_report_scheduler.assume_role_policy, ":schedule-group/acme-prod-sched-reports") && strcontains(aws_iam_role.every_five_scheduler.assume_role_policy, ":schedule-group/default")
  error_message = "prod: a schedule's role does not trust Scheduler for its schedule group only"
}
assert {
  condition     = aws_scheduler_schedule.nightly_report.target[0].dead_letter_config[0].arn == aws_sqs_queue.nightly_report_dlq.arn
  error_message = "prod: nightly-report's failed invocations do not go to its own dead-letter queue"
}
assert {
  condition     = aws_scheduler_schedule.once.target[0].dead_letter_config[0].arn == aws_sqs_queue.jobs.arn
  error_message = "prod: once's dead-letter queue is not the queue jobs it names"
}
assert {
  condition     = aws_cloudwatch_event_connection.partner_basic.auth_parameters[0].basic[0].password == "mock-password"
  error_message = "prod: the basic connection's password is not read from its secret's key"
}
assert {
  condition     = aws_cloudwatch_event_connection.partner_oauth.auth_parameters[0].oauth[0].client_parameters[0].client_secret == "mock-client-secret"
  error_message = "prod: the OAuth connection's client secret is not read from its secret's key"
}
assert {
  condition     = aws_cloudwatch_event_api_destination.partner_orders.invocation_rate_limit_per_second == 10 && aws_cloudwatch_event_api_destination.partner_orders.http_method == "POST"
  error_message = "prod: partner-orders is not POST at 10 per second"
}
assert {
  condition     = aws_cloudwatch_event_target.forward_partner_orders.http_target[0].header_parameters["x-tenant"] == "acme"
  error_message = "prod: the API destination target does not send the x-tenant header"
}
