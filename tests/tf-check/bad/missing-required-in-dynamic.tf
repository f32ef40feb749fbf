# expect: resource aws_dynamodb_table.t: attribute: missing required argument type
resource "aws_dynamodb_table" "t" {
  name         = "t"
  hash_key     = "pk"
  billing_mode = "PAY_PER_REQUEST"
  dynamic "attribute" {
    for_each = ["pk"]
    content {
      name = attribute.value
    }
  }
}
