# expect: resource aws_cloudwatch_event_target.t: input_transformer: missing required argument input_template
resource "aws_cloudwatch_event_target" "t" {
  rule = "r"
  arn  = "arn:aws:sqs:eu-west-1:111111111111:q"
  input_transformer {
    input_paths = {
      id = "$.detail.id"
    }
  }
}
