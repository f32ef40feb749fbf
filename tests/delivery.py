#!/usr/bin/env python3
"""delivery.py - the delivery rules of issue 9 (items 6 and 11), each
asserted in both outputs of a build: the CloudFormation templates of one
environment (JSON) and the Terraform module (through tf-check.py's HCL
parser, as security.py reads it).

    delivery.py CHECK OUT ENV [ARGS...]

Checks:
  audit-dlq           every audit rule's target has a dead-letter queue
                      that EventBridge may send to for that rule, and a
                      retry policy
  bus-dlq BUS yes|no  bus BUS has a DeadLetterConfig (yes) or none (no);
                      with one, EventBridge may send to the queue for that bus
  sns-dlq             every subscription has a redrive policy to a queue that
                      SNS may send to for its topic
  function-dlq FN     function FN has a dead-letter queue its role may send to
                      (and use the queue's key for, under its context)
  queues              every queue is at most 80 characters, denies requests
                      without TLS, and every dead-letter queue is under the
                      pattern's key when there is one (KEY: its logical ID)
  audit-log           every audit stream logs its delivery errors to a log
                      stream of a log group, which its role may write to
                      (that stream only)
  dlq-alarms          every queue that something sends what it could not
                      deliver to (a DeadLetterConfig or a redrive policy names
                      it) has an alarm on a single visible message
  redrive-allow DLQ SRC...  queue DLQ lets exactly the queues SRC... (in that
                      order) redrive to it (RedriveAllowPolicy byQueue), and
                      they are exactly the queues whose redrive policy names it
  env FN VAR COMP ATTR  function FN's variable VAR names COMP's ATTR (arn or
                      name) in both outputs
  no-env FN VAR       function FN has no variable VAR
  source-failure FN KIND NAME  function FN's event source mapping sends
                      what it gives up on to KIND NAME, which FN's role may
                      deliver to (that ARN only), a queue with an alarm on a
                      message; FN has an IteratorAge alarm
  async FN WHEN:KIND:NAME...  function FN's async destinations (on_success or
                      on_failure), each of which its role may deliver to

The last line printed says what was checked."""
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("security", os.path.join(HERE, "security.py"))
sec = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sec)


class Fail(Exception):
    pass


def cfn_target(v):
    """The logical ID an ARN or URL value of a template refers to."""
    if isinstance(v, dict):
        if "Fn::GetAtt" in v:
            return v["Fn::GetAtt"][0]
        if "Ref" in v:
            return v["Ref"]
    return None


def tf_target(v):
    """TYPE.NAME of the resource a module expression refers to."""
    m = re.fullmatch(r"(?:\$\{)?(aws_[a-z0-9_]+)\.([a-z0-9_]+)(?:\[0\])?\.[a-z_]+\}?", v.strip()) if isinstance(v, str) else None
    return "%s.%s" % (m.group(1), m.group(2)) if m else None


def one(x):
    return x[0] if isinstance(x, list) else x


def cfn_policy_of(cfn, queue):
    for k, p in cfn.get("AWS::SQS::QueuePolicy", {}).items():
        if any(cfn_target(q) == queue for q in p["Queues"]):
            return p["PolicyDocument"]
    raise Fail("CloudFormation: no policy for queue %s" % queue)


def tf_policy_of(tf, queue):
    for k, p in tf.get("aws_sqs_queue_policy", {}).items():
        if tf_target(p["queue_url"]) == queue:
            return sec.tf_document(p["policy"])
    raise Fail("Terraform: no policy for queue %s" % queue)


def allows(doc, service, source_ok, what):
    for s in sec.statements(doc):
        if s.get("Effect") != "Allow" or s.get("Principal", {}).get("Service") != service:
            continue
        if "sqs:SendMessage" not in sec.as_list(s.get("Action")):
            continue
        src = s.get("Condition", {}).get("ArnEquals", {}).get("aws:SourceArn")
        # one statement a service: its sources a list once there are two
        if src is not None and any(source_ok(x) for x in (src if isinstance(src, list) else [src])):
            return
    raise Fail("%s: %s may not send to it for its source" % (what, service))


def cfn_res(cfn, typ):
    return cfn.get(typ, {})


def check_audit_dlq(cfn, tf, env):
    n = 0
    for k, p in cfn_res(cfn, "AWS::Events::Rule").items():
        if not k.endswith("AuditRule"):
            continue
        for t in p["Targets"]:
            q = cfn_target(t.get("DeadLetterConfig", {}).get("Arn"))
            if not q or q not in cfn_res(cfn, "AWS::SQS::Queue"):
                raise Fail("CloudFormation: %s's target has no dead-letter queue" % k)
            if "RetryPolicy" not in t:
                raise Fail("CloudFormation: %s's target has no retry policy" % k)
            allows(cfn_policy_of(cfn, q), "events.amazonaws.com", lambda s: cfn_target(s) == k, "CloudFormation " + q)
            n += 1
    m = 0
    for k, t in tf.get("aws_cloudwatch_event_target", {}).items():
        if not k.endswith("_audit"):
            continue
        q = tf_target(one(t.get("dead_letter_config", [{}])).get("arn"))
        if not q or not q.startswith("aws_sqs_queue."):
            raise Fail("Terraform: target %s has no dead-letter queue" % k)
        if not t.get("retry_policy"):
            raise Fail("Terraform: target %s has no retry policy" % k)
        rule = "aws_cloudwatch_event_rule.%s" % k
        allows(tf_policy_of(tf, q), "events.amazonaws.com", lambda s: tf_target(s) == rule, "Terraform " + q)
        m += 1
    if not n or n != m:
        raise Fail("audit targets: %d in CloudFormation, %d in Terraform" % (n, m))
    return "%d audit targets with a dead-letter queue and a retry policy in both outputs" % n


def check_bus_dlq(cfn, tf, env, bus, want):
    bid = "".join(w.title() for w in bus.split("-")) + "EventBus"
    p = cfn_res(cfn, "AWS::Events::EventBus")[bid]
    t = tf["aws_cloudwatch_event_bus"][bus.replace("-", "_")]
    q = cfn_target(p.get("DeadLetterConfig", {}).get("Arn"))
    tq = tf_target(one(t.get("dead_letter_config", [{}])).get("arn"))
    if want == "no":
        if q or tq:
            raise Fail("bus %s has a DeadLetterConfig: %s %s" % (bus, q, tq))
        return "bus %s has no DeadLetterConfig in either output" % bus
    if not q or not tq:
        raise Fail("bus %s: DeadLetterConfig CloudFormation %s, Terraform %s" % (bus, q, tq))
    allows(cfn_policy_of(cfn, q), "events.amazonaws.com", lambda s: cfn_target(s) == bid, "CloudFormation " + q)
    addr = "aws_cloudwatch_event_bus.%s" % bus.replace("-", "_")
    allows(tf_policy_of(tf, tq), "events.amazonaws.com", lambda s: tf_target(s) == addr, "Terraform " + tq)
    return "bus %s has a dead-letter queue EventBridge may send to for it, in both outputs" % bus


def check_sns_dlq(cfn, tf, env):
    n = 0
    for k, p in cfn_res(cfn, "AWS::SNS::Subscription").items():
        q = cfn_target(p.get("RedrivePolicy", {}).get("deadLetterTargetArn"))
        if not q or q not in cfn_res(cfn, "AWS::SQS::Queue"):
            raise Fail("CloudFormation: subscription %s has no redrive policy" % k)
        topic = cfn_target(p["TopicArn"])
        allows(cfn_policy_of(cfn, q), "sns.amazonaws.com", lambda s: cfn_target(s) == topic, "CloudFormation " + q)
        n += 1
    m = 0
    for k, p in tf.get("aws_sns_topic_subscription", {}).items():
        rp = sec.tf_document(p.get("redrive_policy", "${jsonencode({})}"))
        q = tf_target(rp.get("deadLetterTargetArn"))
        if not q:
            raise Fail("Terraform: subscription %s has no redrive policy" % k)
        topic = tf_target(p["topic_arn"])
        allows(tf_policy_of(tf, q), "sns.amazonaws.com", lambda s: tf_target(s) == topic, "Terraform " + q)
        m += 1
    if not n or n != m:
        raise Fail("subscriptions: %d in CloudFormation, %d in Terraform" % (n, m))
    return "%d subscriptions with a redrive policy to a queue SNS may send to, in both outputs" % n


def role_sends(statements, ok):
    return any(s.get("Effect") == "Allow" and "sqs:SendMessage" in sec.as_list(s.get("Action"))
               and any(ok(r) for r in sec.as_list(s.get("Resource"))) for s in statements)


def role_kms_context(statements):
    return any(s.get("Effect") == "Allow" and "kms:GenerateDataKey" in sec.as_list(s.get("Action"))
               and "kms:EncryptionContext:aws:sqs:arn" in s.get("Condition", {}).get("StringEquals", {})
               for s in statements)


def check_function_dlq(cfn, tf, env, fn):
    fid = "".join(w.title() for w in fn.split("-")) + "Function"
    p = cfn_res(cfn, "AWS::Lambda::Function")[fid]
    q = cfn_target(p.get("DeadLetterConfig", {}).get("TargetArn"))
    if not q or q not in cfn_res(cfn, "AWS::SQS::Queue"):
        raise Fail("CloudFormation: function %s has no dead-letter queue" % fn)
    keyed = "KmsMasterKeyId" in cfn_res(cfn, "AWS::SQS::Queue")[q]
    role = cfn_res(cfn, "AWS::IAM::Role")[cfn_target(p["Role"])]
    st = sec.statements(role["Policies"][0]["PolicyDocument"])
    if not role_sends(st, lambda r: cfn_target(r) == q):
        raise Fail("CloudFormation: the role of %s may not send to %s" % (fn, q))
    if keyed and not role_kms_context(st):
        raise Fail("CloudFormation: the role of %s may not use the key of %s under its context" % (fn, q))
    name = fn.replace("-", "_")
    t = tf["aws_lambda_function"][name]
    tq = tf_target(one(t.get("dead_letter_config", [{}])).get("target_arn"))
    if not tq:
        raise Fail("Terraform: function %s has no dead-letter queue" % fn)
    pol = tf["aws_iam_role_policy"]["%s_lambda" % name]
    st = sec.statements(sec.tf_document(pol["policy"]))
    if not role_sends(st, lambda r: tf_target(r) == tq):
        raise Fail("Terraform: the role of %s may not send to %s" % (fn, tq))
    if keyed and not role_kms_context(st):
        raise Fail("Terraform: the role of %s may not use the key of %s under its context" % (fn, tq))
    return "function %s sends what fails to a dead-letter queue its role may use, in both outputs" % fn


def check_queues(cfn, tf, env, key=None):
    qs = cfn_res(cfn, "AWS::SQS::Queue")
    for k, p in qs.items():
        name = p.get("QueueName")
        if isinstance(name, str) and len(name) > 80:
            raise Fail("queue %s: name of %d characters" % (k, len(name)))
        doc = cfn_policy_of(cfn, k)
        if not any(s.get("Effect") == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport")
                   == "false" for s in sec.statements(doc)):
            raise Fail("queue %s accepts requests without TLS" % k)
        if key and k.endswith("DeadLetterQueue") and cfn_target(p.get("KmsMasterKeyId")) != key:
            raise Fail("dead-letter queue %s is not under key %s" % (k, key))
    for k, p in tf.get("aws_sqs_queue", {}).items():
        if key and k.endswith("_dlq") and "kms_master_key_id" not in p:
            raise Fail("Terraform: dead-letter queue %s has no key" % k)
    if len(qs) != len(tf.get("aws_sqs_queue", {})):
        raise Fail("queues: %d in CloudFormation, %d in Terraform" % (len(qs), len(tf.get("aws_sqs_queue", {}))))
    return "%d queues within 80 characters, TLS only%s" % (len(qs), ", dead-letter queues under %s" % key if key else "")


DLQ_KEYS = {"DeadLetterConfig": ("Arn", "TargetArn"), "RedrivePolicy": ("deadLetterTargetArn",)}


def cfn_dead_letter_queues(node, found):
    """The logical IDs of the queues NODE names as dead-letter queues."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in DLQ_KEYS and isinstance(v, dict):
                found.update(cfn_target(v.get(a)) for a in DLQ_KEYS[k] if cfn_target(v.get(a)))
            cfn_dead_letter_queues(v, found)
    elif isinstance(node, list):
        for v in node:
            cfn_dead_letter_queues(v, found)
    return found


def tf_dead_letter_queues(node, found):
    """TYPE.NAME of the queues NODE of the module names as dead-letter
    queues: dead_letter_config blocks and redrive policies."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "dead_letter_config":
                c = one(v) or {}
                found.update(t for t in (tf_target(c.get("arn")), tf_target(c.get("target_arn"))) if t)
            elif k == "redrive_policy" and isinstance(v, str):
                found.update("aws_sqs_queue." + m for m in re.findall(
                    r"deadLetterTargetArn\s*[=:]\s*aws_sqs_queue\.([a-z0-9_]+)(?:\[0\])?\.arn", v))
            else:
                tf_dead_letter_queues(v, found)
    elif isinstance(node, list):
        for v in node:
            tf_dead_letter_queues(v, found)
    return found


def watches_one_message(alarm, queue_name):
    return (alarm.get("MetricName", alarm.get("metric_name")) == "ApproximateNumberOfMessagesVisible"
            and alarm.get("Threshold", alarm.get("threshold")) == 1
            and alarm.get("ComparisonOperator", alarm.get("comparison_operator")) == "GreaterThanOrEqualToThreshold"
            and queue_name in [d.get("Value") for d in alarm.get("Dimensions", [])]
                              + [re.sub(r"^\$\{(.*)\}$", r"\1", str(one(alarm.get("dimensions", {})).get("QueueName")))])


def stream_arn_ok(arn, group, stream):
    """Whether ARN (a Fn::Sub text or a module string) names log stream
    STREAM of log group GROUP, and nothing else."""
    text = arn.get("Fn::Sub") if isinstance(arn, dict) else arn
    return isinstance(text, str) and text.endswith(":log-group:%s:log-stream:%s" % (group, stream)) and "*" not in text


def check_audit_log(cfn, tf, env):
    roles = sec.role_docs(cfn, tf)
    groups, streams = cfn_res(cfn, "AWS::Logs::LogGroup"), cfn_res(cfn, "AWS::Logs::LogStream")
    n = 0
    for k, p in cfn_res(cfn, "AWS::KinesisFirehose::DeliveryStream").items():
        d = p["ExtendedS3DestinationConfiguration"]
        o = d.get("CloudWatchLoggingOptions", {})
        g, s = cfn_target(o.get("LogGroupName")), cfn_target(o.get("LogStreamName"))
        if o.get("Enabled") is not True or g not in groups or s not in streams or cfn_target(streams[s]["LogGroupName"]) != g:
            raise Fail("CloudFormation: %s logs to no log stream of its own (%s)" % (k, o))
        gname, sname = groups[g]["LogGroupName"], streams[s]["LogStreamName"]
        role = cfn_target(d["RoleARN"])
        puts = [x for x in roles["CloudFormation"][role][1] if "logs:PutLogEvents" in sec.actions(x)]
        if len(puts) != 1 or not all(stream_arn_ok(r, gname, sname) for r in sec.as_list(puts[0]["Resource"])):
            raise Fail("CloudFormation: %s may not write to %s:%s alone (%s)" % (role, gname, sname, puts))
        n += 1
    m = 0
    for k, b in tf.get("aws_kinesis_firehose_delivery_stream", {}).items():
        d = one(b["extended_s3_configuration"])
        o = one(d.get("cloudwatch_logging_options", [{}]))
        g, s = tf_target(o.get("log_group_name")), tf_target(o.get("log_stream_name"))
        if o.get("enabled") is not True or not g or not s or s.split(".")[1] not in tf.get("aws_cloudwatch_log_stream", {}):
            raise Fail("Terraform: %s logs to no log stream of its own (%s)" % (k, o))
        ls = tf["aws_cloudwatch_log_stream"][s.split(".")[1]]
        if tf_target(ls["log_group_name"]) != g:
            raise Fail("Terraform: log stream %s is not in %s" % (s, g))
        role = tf_target(d["role_arn"]).split(".")[1]
        puts = [x for x in roles["Terraform"][role][1] if "logs:PutLogEvents" in sec.actions(x)]
        if len(puts) != 1 or not all(str(r).endswith(":log-stream:%s" % ls["name"]) for r in sec.as_list(puts[0]["Resource"])):
            raise Fail("Terraform: %s may not write to log stream %s alone (%s)" % (role, ls["name"], puts))
        m += 1
    if not n or n != m:
        raise Fail("audit streams: %d in CloudFormation, %d in Terraform" % (n, m))
    return "%d audit streams log delivery errors to their own log stream, which only their role may write" % n


def check_dlq_alarms(cfn, tf, env):
    queues = cfn_res(cfn, "AWS::SQS::Queue")
    dlqs = sorted(q for q in cfn_dead_letter_queues(cfn, set()) if q in queues)
    alarms = list(cfn_res(cfn, "AWS::CloudWatch::Alarm").values())
    for q in dlqs:
        if not any(watches_one_message(a, queues[q]["QueueName"]) for a in alarms):
            raise Fail("CloudFormation: no alarm on a message in dead-letter queue %s (%s)" % (q, queues[q]["QueueName"]))
    tdlqs = sorted(tf_dead_letter_queues(tf, set()))
    talarms = list(tf.get("aws_cloudwatch_metric_alarm", {}).values())
    for q in tdlqs:
        if not any(watches_one_message(a, "%s.name" % q) for a in talarms):
            raise Fail("Terraform: no alarm on a message in dead-letter queue %s" % q)
    if len(dlqs) != len(tdlqs):
        raise Fail("dead-letter queues: %d in CloudFormation (%s), %d in Terraform (%s)" % (len(dlqs), dlqs, len(tdlqs), tdlqs))
    return "the %d dead-letter queues each have an alarm on one message, in both outputs" % len(dlqs)


def cfn_queue_id(name):
    return "".join(w.title() for w in name.split("-")) + "Queue"


def check_redrive_allow(cfn, tf, env, dlq, *sources):
    """A shared DLQ names its sources by the ARNs built from their
    physical names: those names, and the queues that redrive to it, are
    exactly SOURCES, in both outputs."""
    queues = cfn_res(cfn, "AWS::SQS::Queue")
    did = cfn_queue_id(dlq)
    rap = queues[did].get("RedriveAllowPolicy")
    if not rap or rap.get("redrivePermission") != "byQueue":
        raise Fail("CloudFormation: %s has no byQueue redrive-allow policy: %s" % (did, rap))
    listed = [a.get("Fn::Sub", "").rsplit(":", 1)[1] if isinstance(a, dict) else a.rsplit(":", 1)[1]
              for a in rap.get("sourceQueueArns", [])]
    want = [queues[cfn_queue_id(q)]["QueueName"] for q in sources]
    if listed != want:
        raise Fail("CloudFormation: %s lets %s redrive to it, not %s" % (did, listed, want))
    redriving = [k for k, p in queues.items() if cfn_target((p.get("RedrivePolicy") or {}).get("deadLetterTargetArn")) == did]
    if sorted(redriving) != sorted(cfn_queue_id(q) for q in sources):
        raise Fail("CloudFormation: the queues that redrive to %s are %s, not %s" % (did, redriving, sources))
    tq = tf["aws_sqs_queue"]
    tl = dlq.replace("-", "_")
    trap = tq[tl].get("redrive_allow_policy", "")
    if 'redrivePermission = "byQueue"' not in trap:
        raise Fail("Terraform: %s has no byQueue redrive-allow policy: %s" % (tl, trap))
    tlisted = re.findall(r":\$\{local\.name_prefix\}-([a-z0-9-]+?)(?:\.fifo)?\"", trap)
    if tlisted != list(sources):
        raise Fail("Terraform: %s lets %s redrive to it, not %s" % (tl, tlisted, list(sources)))
    tredriving = sorted(k for k, p in tq.items() if ("aws_sqs_queue.%s.arn" % tl) in (p.get("redrive_policy") or ""))
    if tredriving != sorted(q.replace("-", "_") for q in sources):
        raise Fail("Terraform: the queues that redrive to %s are %s, not %s" % (tl, tredriving, sources))
    return "queue %s lets exactly %s redrive to it, the queues whose redrive policy names it, in both outputs" % (
        dlq, ", ".join(sources))


def tf_env(tf, fn):
    t = tf["aws_lambda_function"][fn.replace("-", "_")]
    env = one(t.get("environment", [{}]))
    return env.get("variables", {}) if env else {}


def check_env(cfn, tf, env, fn, var, comp, attr):
    fid = "".join(w.title() for w in fn.split("-")) + "Function"
    cid = "".join(w.title() for w in comp.split("-"))
    vars_ = cfn_res(cfn, "AWS::Lambda::Function")[fid].get("Environment", {}).get("Variables", {})
    v = vars_.get(var)
    if v is None:
        raise Fail("CloudFormation: %s has no %s (%s)" % (fn, var, sorted(vars_)))
    target = cfn_target(v)
    if not (target or "").startswith(cid):
        raise Fail("CloudFormation: %s's %s is %s, not %s" % (fn, var, v, comp))
    tv = tf_env(tf, fn).get(var)
    if tv is None:
        raise Fail("Terraform: %s has no %s" % (fn, var))
    if not re.search(r"\.%s\.%s\}$" % (re.escape(comp.replace("-", "_")), attr), tv):
        raise Fail("Terraform: %s's %s is %s, not %s's %s" % (fn, var, tv, comp, attr))
    return "function %s's %s names %s's %s in both outputs" % (fn, var, comp, attr)


def check_no_env(cfn, tf, env, fn, var):
    fid = "".join(w.title() for w in fn.split("-")) + "Function"
    vars_ = cfn_res(cfn, "AWS::Lambda::Function")[fid].get("Environment", {}).get("Variables", {})
    if var in vars_ or var in tf_env(tf, fn):
        raise Fail("function %s has %s" % (fn, var))
    return "function %s has no %s in either output" % (fn, var)


def role_statements(cfn, tf, fn):
    """{output: the statements of function FN's role}"""
    fid = "".join(w.title() for w in fn.split("-")) + "Function"
    role = cfn_res(cfn, "AWS::IAM::Role")[cfn_target(cfn_res(cfn, "AWS::Lambda::Function")[fid]["Role"])]
    tfpol = tf["aws_iam_role_policy"]["%s_lambda" % fn.replace("-", "_")]
    return {"CloudFormation": sec.statements(role["Policies"][0]["PolicyDocument"]),
            "Terraform": sec.statements(sec.tf_document(tfpol["policy"]))}


def may_deliver(statements, action, target, ref):
    return any(s.get("Effect") == "Allow" and action in sec.as_list(s.get("Action"))
               and [ref(r) for r in sec.as_list(s.get("Resource"))] == [target] for s in statements)


ACTION = {"queue": ("sqs:SendMessage", "Queue", "aws_sqs_queue"),
          "topic": ("sns:Publish", "Topic", "aws_sns_topic"),
          "bus": ("events:PutEvents", "EventBus", "aws_cloudwatch_event_bus"),
          "function": ("lambda:InvokeFunction", "Function", "aws_lambda_function")}


def destination_ids(kind, name):
    action, suffix, tftype = ACTION[kind]
    return action, "".join(w.title() for w in name.split("-")) + suffix, "%s.%s" % (tftype, name.replace("-", "_"))


def check_source_failure(cfn, tf, env, fn, kind, name):
    """FN's event source mapping sends what it gives up on to KIND NAME,
    which FN's role may deliver to (that ARN only), in both outputs."""
    action, cid, tid = destination_ids(kind, name)
    fid = "".join(w.title() for w in fn.split("-")) + "FunctionEventSource"
    d = cfn_res(cfn, "AWS::Lambda::EventSourceMapping")[fid]["DestinationConfig"]["OnFailure"]["Destination"]
    if cfn_target(d) != cid:
        raise Fail("CloudFormation: the source of %s sends its failures to %s, not %s" % (fn, d, cid))
    t = tf["aws_lambda_event_source_mapping"][fn.replace("-", "_")]
    td = tf_target(one(one(t["destination_config"])["on_failure"])["destination_arn"])
    if td != tid:
        raise Fail("Terraform: the source of %s sends its failures to %s, not %s" % (fn, td, tid))
    st = role_statements(cfn, tf, fn)
    if not may_deliver(st["CloudFormation"], action, cid, cfn_target):
        raise Fail("CloudFormation: the role of %s may not %s on %s alone" % (fn, action, cid))
    if not may_deliver(st["Terraform"], action, tid, tf_target):
        raise Fail("Terraform: the role of %s may not %s on %s alone" % (fn, action, tid))
    if kind == "queue":
        qname = cfn_res(cfn, "AWS::SQS::Queue")[cid]["QueueName"]
        if not any(watches_one_message(a, qname) for a in cfn_res(cfn, "AWS::CloudWatch::Alarm").values()):
            raise Fail("CloudFormation: no alarm on a message in %s" % cid)
        if not any(watches_one_message(a, "%s.name" % tid) for a in tf.get("aws_cloudwatch_metric_alarm", {}).values()):
            raise Fail("Terraform: no alarm on a message in %s" % tid)
    ages = [a for a in cfn_res(cfn, "AWS::CloudWatch::Alarm").values() if a.get("MetricName") == "IteratorAge"
            and any(d["Value"] == cfn_res(cfn, "AWS::Lambda::Function")[fid[:-len("EventSource")]]["FunctionName"]
                    for d in a.get("Dimensions", []))]
    if not ages:
        raise Fail("CloudFormation: no IteratorAge alarm on %s" % fn)
    return "the source of %s sends its failures to %s %s, which its role may reach and an alarm watches, in both outputs" % (
        fn, kind, name)


def check_async(cfn, tf, env, fn, *dests):
    """FN's asynchronous invocations go to the destinations DESTS
    (on_success|on_failure:KIND:NAME), each of which its role may deliver
    to (that ARN only), in both outputs."""
    fid = "".join(w.title() for w in fn.split("-")) + "FunctionEventInvokeConfig"
    cdc = cfn_res(cfn, "AWS::Lambda::EventInvokeConfig")[fid]["DestinationConfig"]
    tdc = one(tf["aws_lambda_function_event_invoke_config"][fn.replace("-", "_")]["destination_config"])
    st = role_statements(cfn, tf, fn)
    for d in dests:
        when, kind, name = d.split(":")
        action, cid, tid = destination_ids(kind, name)
        key = "OnSuccess" if when == "on_success" else "OnFailure"
        if cfn_target(cdc[key]["Destination"]) != cid:
            raise Fail("CloudFormation: %s of %s is not %s" % (key, fn, cid))
        if tf_target(one(tdc[when])["destination"]) != tid:
            raise Fail("Terraform: %s of %s is not %s" % (when, fn, tid))
        if not may_deliver(st["CloudFormation"], action, cid, cfn_target):
            raise Fail("CloudFormation: the role of %s may not %s on %s alone" % (fn, action, cid))
        if not may_deliver(st["Terraform"], action, tid, tf_target):
            raise Fail("Terraform: the role of %s may not %s on %s alone" % (fn, action, tid))
    return "the async invocations of %s go to %s, which its role may reach, in both outputs" % (fn, ", ".join(dests))


def check_schedule_dlq(cfn, tf, env):
    """Every schedule sends what it fails to deliver to a queue, with its
    own role (Scheduler uses the execution role for the DLQ), which may
    send there."""
    roles = sec.role_docs(cfn, tf)
    n = 0
    for k, p in cfn_res(cfn, "AWS::Scheduler::Schedule").items():
        t = p["Target"]
        q, role = cfn_target(t.get("DeadLetterConfig", {}).get("Arn")), cfn_target(t.get("RoleArn"))
        if not q or q not in cfn_res(cfn, "AWS::SQS::Queue"):
            raise Fail("CloudFormation: schedule %s has no dead-letter queue" % k)
        if not role_sends(roles["CloudFormation"][role][1], lambda r: cfn_target(r) == q):
            raise Fail("CloudFormation: the role of schedule %s may not send to %s" % (k, q))
        n += 1
    m = 0
    for k, b in tf.get("aws_scheduler_schedule", {}).items():
        t = one(b["target"])
        q = tf_target(one(t.get("dead_letter_config", [{}])).get("arn"))
        role = tf_target(t["role_arn"]).split(".")[1]
        if not q:
            raise Fail("Terraform: schedule %s has no dead-letter queue" % k)
        if not role_sends(roles["Terraform"][role][1], lambda r: tf_target(r) == q):
            raise Fail("Terraform: the role of schedule %s may not send to %s" % (k, q))
        m += 1
    if not n or n != m:
        raise Fail("schedules: %d in CloudFormation, %d in Terraform" % (n, m))
    return "%d schedules send failed invocations to a dead-letter queue their role may send to, in both outputs" % n


CHECKS = {"source-failure": check_source_failure, "async": check_async, "audit-dlq": check_audit_dlq, "bus-dlq": check_bus_dlq, "sns-dlq": check_sns_dlq,
          "function-dlq": check_function_dlq, "queues": check_queues, "dlq-alarms": check_dlq_alarms, "audit-log": check_audit_log, "env": check_env, "no-env": check_no_env,
          "redrive-allow": check_redrive_allow,
          "schedule-dlq": check_schedule_dlq}


def main(argv):
    if len(argv) < 3 or argv[0] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    what, out, env = argv[:3]
    cfn = sec.load_cfn(out, env)
    tf = sec.load_tf(out)
    try:
        print(CHECKS[what](cfn, tf, env, *argv[3:]))
    except (Fail, sec.Fail, KeyError) as e:
        print("FAIL: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
