# expect: resource aws_s3tables_table_bucket.b: maintenance_configuration is an attribute holding one object: write maintenance_configuration = { ... }
resource "aws_s3tables_table_bucket" "b" {
  name = "b"
  maintenance_configuration {
    iceberg_unreferenced_file_removal = {
      status = "enabled"
    }
  }
}
