#!/usr/bin/env python3
"""equivalence.py - the CloudFormation template and the Terraform module of
one pattern describe the same architecture (issue 5): resource kinds and
counts, IAM actions per role, the alarm set, the workflow definitions.

    equivalence.py CFN_TEMPLATE TF_MODULE_DIR TFVARS

TFVARS is the environment's envs/<env>.tfvars: it decides the resources that
Terraform creates with `count` (provisioned concurrency) and the names the
module composes from var.tenant and var.environment. Prints one line per
difference and exits 1 if there is any that is not listed as intended
below; 2 on a usage or setup error."""

import importlib.util
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))

# CloudFormation type -> the hashicorp/aws resource that is its equivalent.
SAME = {
    "AWS::KMS::Key": "aws_kms_key",
    "AWS::KMS::Alias": "aws_kms_alias",
    "AWS::Events::EventBus": "aws_cloudwatch_event_bus",
    "AWS::Events::Archive": "aws_cloudwatch_event_archive",
    "AWS::Events::Rule": "aws_cloudwatch_event_rule",
    "AWS::EventSchemas::Registry": "aws_schemas_registry",
    "AWS::EventSchemas::Schema": "aws_schemas_schema",
    "AWS::EventSchemas::Discoverer": "aws_schemas_discoverer",
    "AWS::S3::Bucket": "aws_s3_bucket",
    "AWS::S3::BucketPolicy": "aws_s3_bucket_policy",
    "AWS::IAM::Role": "aws_iam_role",
    "AWS::KinesisFirehose::DeliveryStream": "aws_kinesis_firehose_delivery_stream",
    "AWS::SQS::Queue": "aws_sqs_queue",
    "AWS::SQS::QueuePolicy": "aws_sqs_queue_policy",
    "AWS::DynamoDB::Table": "aws_dynamodb_table",
    "AWS::Logs::LogGroup": "aws_cloudwatch_log_group",
    "AWS::Logs::LogStream": "aws_cloudwatch_log_stream",
    "AWS::Lambda::Function": "aws_lambda_function",
    "AWS::Lambda::EventSourceMapping": "aws_lambda_event_source_mapping",
    "AWS::Lambda::Permission": "aws_lambda_permission",
    "AWS::Lambda::Alias": "aws_lambda_alias",
    "AWS::SNS::Topic": "aws_sns_topic",
    "AWS::SNS::Subscription": "aws_sns_topic_subscription",
    "AWS::SNS::TopicPolicy": "aws_sns_topic_policy",
    "AWS::StepFunctions::StateMachine": "aws_sfn_state_machine",
    "AWS::CloudWatch::Alarm": "aws_cloudwatch_metric_alarm",
    "AWS::CloudWatch::Dashboard": "aws_cloudwatch_dashboard",
    "AWS::Pipes::Pipe": "aws_pipes_pipe",
    "AWS::Kinesis::Stream": "aws_kinesis_stream",
    "AWS::Lambda::EventInvokeConfig": "aws_lambda_function_event_invoke_config",
    "AWS::Scheduler::Schedule": "aws_scheduler_schedule",
    "AWS::Scheduler::ScheduleGroup": "aws_scheduler_schedule_group",
    "AWS::Events::Connection": "aws_cloudwatch_event_connection",
    "AWS::Events::ApiDestination": "aws_cloudwatch_event_api_destination",
}

# The differences that are intended, each with why. They are counted here,
# from the CloudFormation side, so that any other difference still fails.
INTENDED = [
    ("AWS::Lambda::Version has no resource in Terraform: aws_lambda_function sets publish = true",
     lambda r: Counter({"aws_lambda_version": -1}) if r["Type"] == "AWS::Lambda::Version" else Counter()),
    ("an S3 bucket's encryption, public access block, ownership, versioning, logging and lifecycle are "
     "resources of their own in hashicorp/aws",
     lambda r: Counter({t: 1 for t in (
         ["aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block",
          "aws_s3_bucket_ownership_controls"]
         + [t for k, t in (("VersioningConfiguration", "aws_s3_bucket_versioning"),
                           ("LoggingConfiguration", "aws_s3_bucket_logging"),
                           ("LifecycleConfiguration", "aws_s3_bucket_lifecycle_configuration"))
            if k in r["Properties"]])})
     if r["Type"] == "AWS::S3::Bucket" else Counter()),
    ("a role's inline policy is an aws_iam_role_policy",
     lambda r: Counter({"aws_iam_role_policy": 1}) if r["Type"] == "AWS::IAM::Role" and r["Properties"].get("Policies")
     else Counter()),
    ("a rule's targets are aws_cloudwatch_event_target resources",
     lambda r: Counter({"aws_cloudwatch_event_target": len(r["Properties"].get("Targets", []))})
     if r["Type"] == "AWS::Events::Rule" else Counter()),
    ("provisioned concurrency is an aws_lambda_provisioned_concurrency_config",
     lambda r: Counter({"aws_lambda_provisioned_concurrency_config": 1})
     if r["Type"] == "AWS::Lambda::Alias" and "ProvisionedConcurrencyConfig" in r["Properties"] else Counter()),
]

ACTION = re.compile(r'Action\s*=\s*(\[[^\]]*\]|"[^"]*")')
QUOTED = re.compile(r'"([^"]*)"')


def load_tf_check():
    spec = importlib.util.spec_from_file_location("tf_check", os.path.join(HERE, "tf-check.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_tfvars(path):
    vals = {}
    for line in open(path):
        m = re.match(r'\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$', line)
        if m:
            v = m.group(2)
            vals[m.group(1)] = json.loads(v) if v[:1] in '"-0123456789tf[{' else v
    return vals


def substitute(s, env):
    """A string of the module with its variables and locals filled in."""
    s = s.replace("${local.name_prefix}", env["prefix"])
    return re.sub(r"\$\{var\.([A-Za-z0-9_]+)\}", lambda m: str(env["vars"].get(m.group(1), m.group(0))), s)


def counted(block, env):
    """How many instances a resource has: its `count`, evaluated."""
    c = block.get("count")
    if c is None:
        return 1
    m = re.fullmatch(r"\$\{var\.([A-Za-z0-9_]+) > 0 \? 1 : 0\}", str(c))
    if m:
        return 1 if float(env["vars"].get(m.group(1), 0)) > 0 else 0
    return int(c)


def tf_resources(module):
    out = {}
    for typ, named in module.get("resource", {}).items():
        for name, blocks in named.items():
            out[(typ, name)] = blocks[0]
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cfn_path, tf_dir, tfvars = argv
    cfn = json.load(open(cfn_path))
    tfc = load_tf_check()
    files = tfc.find_tf([tf_dir])
    try:
        parsed = tfc.parse_all(files, tfc.default_node_modules(), 120)
    except tfc.SetupError as e:
        print(f"equivalence: {e}", file=sys.stderr)
        return 2
    module = {}
    for f, r in parsed.items():
        if "error" in r:
            print(f"{f}: {r['error']}")
            return 1
        for k, v in r["json"].items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    module.setdefault(k, {}).setdefault(k2, {}).update(v2) if isinstance(v2, dict) else None
    vars_ = read_tfvars(tfvars)
    meta = cfn.get("Metadata", {}).get("eventc", {})
    env = {"vars": vars_, "prefix": f"{vars_['tenant']}-{vars_['environment']}-{meta.get('pattern', '')}"}
    res = cfn["Resources"]
    tfres = tf_resources(module)
    bad = []

    # 1. resource kinds and counts
    want = Counter()
    for r in res.values():
        if r["Type"] in SAME:
            want[SAME[r["Type"]]] += 1
        for _, extra in INTENDED:
            want.update(extra(r))
    want = Counter({k: v for k, v in want.items() if v > 0})
    unknown = sorted({r["Type"] for r in res.values()} - set(SAME) - {"AWS::Lambda::Version"})
    for t in unknown:
        bad.append(f"CloudFormation type {t} has no Terraform equivalent listed")
    have = Counter()
    for (typ, _), block in tfres.items():
        have[typ] += counted(block, env)
    have = Counter({k: v for k, v in have.items() if v > 0})
    for t in sorted(set(want) | set(have)):
        if want[t] != have[t]:
            bad.append(f"{t}: {want[t]} expected from the CloudFormation template, {have[t]} in Terraform")

    # 2. IAM actions per role (by the role's physical name)
    cfn_roles = {}
    for r in res.values():
        if r["Type"] == "AWS::IAM::Role":
            acts = set()
            for pol in r["Properties"].get("Policies", []):
                for s in pol["PolicyDocument"]["Statement"]:
                    a = s["Action"]
                    acts.update(a if isinstance(a, list) else [a])
            cfn_roles[r["Properties"]["RoleName"]] = acts
    tf_roles = {}
    names_by_local = {}
    for (typ, name), b in tfres.items():
        if typ == "aws_iam_role":
            names_by_local[name] = substitute(b["name"], env)
            tf_roles.setdefault(names_by_local[name], set())
    for (typ, name), b in tfres.items():
        if typ == "aws_iam_role_policy":
            local = re.search(r"aws_iam_role\.([A-Za-z0-9_-]+)\.id", b["role"]).group(1)
            acts = set()
            for m in ACTION.finditer(b["policy"]):
                acts.update(QUOTED.findall(m.group(1)))
            tf_roles.setdefault(names_by_local[local], set()).update(acts)
    for role in sorted(set(cfn_roles) | set(tf_roles)):
        if role not in tf_roles:
            bad.append(f"role {role}: only in CloudFormation")
        elif role not in cfn_roles:
            bad.append(f"role {role}: only in Terraform")
        elif cfn_roles[role] != tf_roles[role]:
            bad.append(f"role {role}: actions differ: CloudFormation only {sorted(cfn_roles[role] - tf_roles[role])}, "
                       f"Terraform only {sorted(tf_roles[role] - cfn_roles[role])}")

    # 3. the alarm set: names, metrics and thresholds
    cfn_alarms = {r["Properties"]["AlarmName"]: (r["Properties"]["MetricName"], float(r["Properties"]["Threshold"]),
                                                r["Properties"]["ComparisonOperator"], r["Properties"]["Period"])
                  for r in res.values() if r["Type"] == "AWS::CloudWatch::Alarm"}
    tf_alarms = {}
    for (typ, name), b in tfres.items():
        if typ == "aws_cloudwatch_metric_alarm":
            thr = b["threshold"]
            thr = float(vars_.get(thr[6:-1], thr)) if isinstance(thr, str) and thr.startswith("${var.") else float(thr)
            tf_alarms[substitute(b["alarm_name"], env)] = (b["metric_name"], thr, b["comparison_operator"], int(b["period"]))
    for a in sorted(set(cfn_alarms) | set(tf_alarms)):
        if cfn_alarms.get(a) != tf_alarms.get(a):
            bad.append(f"alarm {a}: CloudFormation {cfn_alarms.get(a)}, Terraform {tf_alarms.get(a)}")

    # 4. the workflow definitions
    for r in res.values():
        if r["Type"] != "AWS::StepFunctions::StateMachine":
            continue
        name = r["Properties"]["StateMachineName"]
        match = [b for (typ, _), b in tfres.items() if typ == "aws_sfn_state_machine" and substitute(b["name"], env) == name]
        if len(match) != 1:
            bad.append(f"state machine {name}: {len(match)} in Terraform")
            continue
        m = re.search(r'templatefile\("\$\{path\.module\}/([^"]+)"', match[0]["definition"])
        tpl = open(os.path.join(tf_dir, m.group(1))).read().replace("$${", "${").replace("%%{", "%{")
        if json.loads(tpl) != r["Properties"]["Definition"]:
            bad.append(f"state machine {name}: the Terraform template differs from the CloudFormation definition")
        subs = set(r["Properties"].get("DefinitionSubstitutions", {}))
        tf_subs = set(re.findall(r"\n\s*([A-Za-z0-9]+)\s*=", match[0]["definition"]))
        if subs != tf_subs:
            bad.append(f"state machine {name}: substitutions differ: {sorted(subs ^ tf_subs)}")

    for b in bad:
        print(b)
    print(f"compared {sum(want.values())} resources, {len(cfn_roles)} roles, {len(cfn_alarms)} alarms")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
