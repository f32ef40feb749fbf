# expect: HCL parse error:
resource "aws_sfn_state_machine" "m" {
  name       = "m"
  role_arn   = "arn:aws:iam::111111111111:role/r"
  definition = <<-EOT
    {"StartAt": "A"}
}
