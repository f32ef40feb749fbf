# expect: resource aws_sns_topic.t: declared twice in this file
resource "aws_sns_topic" "t" {
  name = "a"
}

resource "aws_sns_topic" "t" {
  name = "b"
}
