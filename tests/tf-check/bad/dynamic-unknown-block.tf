# expect: resource aws_dynamodb_table.t: dynamic "attributes": unknown argument attributes (did you mean attribute?)
resource "aws_dynamodb_table" "t" {
  name         = "t"
  hash_key     = "pk"
  billing_mode = "PAY_PER_REQUEST"
  dynamic "attributes" {
    for_each = ["pk"]
    content {
      name = attributes.value
      type = "S"
    }
  }
}
