# expect: data aws_iam_policy_doc.d: unknown data source type aws_iam_policy_doc
data "aws_iam_policy_doc" "d" {
  statement {
    actions = ["s3:GetObject"]
  }
}
