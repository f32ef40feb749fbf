# expect: resource aws_sqs_queu.q: unknown resource type aws_sqs_queu in hashicorp/aws 6.25.0 (did you mean aws_sqs_queue?)
resource "aws_sqs_queu" "q" {
  name = "q"
}
