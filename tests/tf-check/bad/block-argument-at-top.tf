# expect: resource aws_dynamodb_table.t: unknown argument kms_key_arn; it is an argument of
resource "aws_dynamodb_table" "t" {
  name         = "t"
  hash_key     = "pk"
  billing_mode = "PAY_PER_REQUEST"
  kms_key_arn  = "arn:aws:kms:eu-west-1:111111111111:key/x"
  attribute {
    name = "pk"
    type = "S"
  }
}
