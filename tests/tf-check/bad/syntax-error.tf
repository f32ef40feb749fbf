# expect: HCL parse error: parse config: [
resource "aws_sns_topic" "t" {
  name = "a"
  tags = {
}
