# expect: resource aws_lambda_function.f: tracing_config: unknown argument count
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::111111111111:role/r"
  filename      = "f.zip"
  tracing_config {
    count = 1
    mode  = "Active"
  }
}
