# expect: resource aws_dynamodb_table.t: point_in_time_recovery is a block: write point_in_time_recovery { ... }, not point_in_time_recovery = ...
resource "aws_dynamodb_table" "t" {
  name         = "t"
  hash_key     = "pk"
  billing_mode = "PAY_PER_REQUEST"
  attribute {
    name = "pk"
    type = "S"
  }
  point_in_time_recovery = {
    enabled = true
  }
}
