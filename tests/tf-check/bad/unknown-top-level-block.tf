# expect: unknown top-level block resources (did you mean resource?)
resources "aws_sns_topic" "t" {
  name = "a"
}
