# expect: resource aws_s3_bucket_server_side_encryption_configuration.e: missing required block rule { ... }
resource "aws_s3_bucket_server_side_encryption_configuration" "e" {
  bucket = "b"
}
