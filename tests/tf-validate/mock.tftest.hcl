# The mock aws provider of tests/tf-validate.sh: tf-validate.sh puts this
# first in every tests/*.tftest.hcl that it writes into a copy of a generated
# module, followed by the run blocks. Every computed ARN (and the IDs that
# the module passes on) gets a value of the shape that hashicorp/aws checks
# at plan time, for each resource type and data source that eventc's
# Terraform backend writes; override_during = plan, so that the plan sees
# these values rather than unknowns. A type that the backend starts to write
# without an entry here gets random strings, which the provider refuses
# where it checks an ARN: add the type here then.
mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/eventc-test"
      user_id    = "AIDAEVENTCTEST"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }
  # a connection's secrets (tf_map_schedule.c): a JSON secret with the keys
  # that tests/tf-validate/schedules.ev names
  mock_data "aws_secretsmanager_secret_version" {
    defaults = {
      arn           = "arn:aws:secretsmanager:us-east-1:123456789012:secret:eventc-test-AbCdEf"
      secret_string = "{\"password\":\"mock-password\",\"client_secret\":\"mock-client-secret\"}"
    }
  }
  mock_resource "aws_scheduler_schedule" {
    defaults = { arn = "arn:aws:scheduler:us-east-1:123456789012:schedule/default/eventc-test" }
  }
  mock_resource "aws_scheduler_schedule_group" {
    defaults = { arn = "arn:aws:scheduler:us-east-1:123456789012:schedule-group/eventc-test" }
  }
  mock_resource "aws_cloudwatch_event_connection" {
    defaults = {
      arn        = "arn:aws:events:us-east-1:123456789012:connection/eventc-test/12345678-1234-1234-1234-123456789012"
      secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/eventc-test-AbCdEf"
    }
  }
  mock_resource "aws_cloudwatch_event_api_destination" {
    defaults = { arn = "arn:aws:events:us-east-1:123456789012:api-destination/eventc-test/12345678-1234-1234-1234-123456789012" }
  }
  mock_resource "aws_cloudwatch_dashboard" {
    defaults = { dashboard_arn = "arn:aws:cloudwatch::123456789012:dashboard/eventc-test" }
  }
  mock_resource "aws_cloudwatch_event_archive" {
    defaults = { arn = "arn:aws:events:us-east-1:123456789012:archive/eventc-test" }
  }
  mock_resource "aws_cloudwatch_event_bus" {
    defaults = { arn = "arn:aws:events:us-east-1:123456789012:event-bus/eventc-test" }
  }
  mock_resource "aws_cloudwatch_event_rule" {
    defaults = { arn = "arn:aws:events:us-east-1:123456789012:rule/eventc-test/eventc-test" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:eventc-test" }
  }
  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = { arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:eventc-test" }
  }
  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn        = "arn:aws:dynamodb:us-east-1:123456789012:table/eventc-test"
      stream_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/eventc-test/stream/2024-01-01T00:00:00.000"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn       = "arn:aws:iam::123456789012:role/eventc-test"
      id        = "eventc-test"
      unique_id = "AROAEVENTCTEST"
    }
  }
  mock_resource "aws_kinesis_firehose_delivery_stream" {
    defaults = { arn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/eventc-test" }
  }
  mock_resource "aws_kinesis_stream" {
    defaults = {
      arn = "arn:aws:kinesis:us-east-1:123456789012:stream/eventc-test"
      id  = "arn:aws:kinesis:us-east-1:123456789012:stream/eventc-test"
    }
  }
  mock_resource "aws_kms_alias" {
    defaults = {
      arn            = "arn:aws:kms:us-east-1:123456789012:alias/eventc-test"
      target_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_lambda_alias" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:eventc-test:live"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:eventc-test:live/invocations"
    }
  }
  mock_resource "aws_lambda_event_source_mapping" {
    defaults = {
      arn          = "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:a1b2c3d4-5678-90ab-cdef-11111EXAMPLE"
      function_arn = "arn:aws:lambda:us-east-1:123456789012:function:eventc-test"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn                  = "arn:aws:lambda:us-east-1:123456789012:function:eventc-test"
      qualified_arn        = "arn:aws:lambda:us-east-1:123456789012:function:eventc-test:1"
      invoke_arn           = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:eventc-test/invocations"
      qualified_invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:eventc-test:1/invocations"
      version              = "1"
    }
  }
  mock_resource "aws_lambda_function_event_invoke_config" {
    defaults = { id = "eventc-test:$LATEST" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::eventc-test" }
  }
  mock_resource "aws_schemas_discoverer" {
    defaults = { arn = "arn:aws:schemas:us-east-1:123456789012:discoverer/eventc-test" }
  }
  mock_resource "aws_schemas_registry" {
    defaults = { arn = "arn:aws:schemas:us-east-1:123456789012:registry/eventc-test" }
  }
  mock_resource "aws_schemas_schema" {
    defaults = { arn = "arn:aws:schemas:us-east-1:123456789012:schema/eventc-test/eventc-test" }
  }
  mock_resource "aws_sfn_state_machine" {
    defaults = {
      arn                       = "arn:aws:states:us-east-1:123456789012:stateMachine:eventc-test"
      state_machine_version_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:eventc-test:1"
    }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:us-east-1:123456789012:eventc-test" }
  }
  mock_resource "aws_sns_topic_subscription" {
    defaults = { arn = "arn:aws:sns:us-east-1:123456789012:eventc-test:6b0e71bd-7e97-4d97-80ce-4a0994e55286" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:us-east-1:123456789012:eventc-test"
      id  = "https://sqs.us-east-1.amazonaws.com/123456789012/eventc-test"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/eventc-test"
    }
  }
}
