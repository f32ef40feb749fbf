# expect: resource aws_lambda_function.f: missing required argument role
resource "aws_lambda_function" "f" {
  function_name = "f"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "f.zip"
}
