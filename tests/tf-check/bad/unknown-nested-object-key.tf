# expect: resource aws_s3tables_table_bucket.b: maintenance_configuration.iceberg_unreferenced_file_removal: unknown argument state (did you mean status?)
resource "aws_s3tables_table_bucket" "b" {
  name = "b"
  maintenance_configuration = {
    iceberg_unreferenced_file_removal = {
      state = "enabled"
    }
  }
}
