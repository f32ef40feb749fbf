# Shapes the backend may not write but the checker must accept: attributes
# written as blocks (ingress), object attributes of the plugin framework
# (maintenance_configuration = { ... }), Terraform's own terraform_data,
# provisioners, a second provider configuration.

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

resource "aws_security_group" "handler" {
  name   = "handler"
  vpc_id = "vpc-12345678"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  egress = [{
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    description      = null
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]
}

resource "aws_s3tables_table_bucket" "tables" {
  provider = aws.us_east_1
  name     = "tables"
  maintenance_configuration = {
    iceberg_unreferenced_file_removal = {
      status = "enabled"
      settings = {
        unreferenced_days = 3
        non_current_days  = 10
      }
    }
  }
}

resource "terraform_data" "rebuild" {
  triggers_replace = [aws_security_group.handler.id]

  provisioner "local-exec" {
    command = "echo rebuilt"
  }
}
