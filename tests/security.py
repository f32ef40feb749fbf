#!/usr/bin/env python3
"""security.py - the security facts of issue 9, read from both outputs of
one build: the CloudFormation templates and the Terraform module.

    security.py CHECK OUT_DIR ENV [ARGS...]

OUT_DIR is what `eventc build -t cloudformation -t terraform -o OUT_DIR`
wrote; ENV picks the CloudFormation template (every template of
OUT_DIR/ENV/cloudformation, nested stacks included). Both outputs are read
into one form: resources by type, each with its properties, where policy
documents are Python objects (a reference or an interpolation is kept as
its text). Each CHECK asserts its fact in both and prints one line saying
what held; on a failure it prints what did not and exits 1 (2 on a usage
or setup error).

Checks:
  bus-key BUS_NAME yes|no   the bus has (or has not) a KMS key of its own,
                            and its archive, if any, has one
  key-policy                every service statement of every key policy is
                            scoped to what uses the key (aws:SourceArn or an
                            encryption context), EventBridge may DescribeKey,
                            an archive's key lets EventBridge ReEncrypt
  key-statement SID ACTION... a key policy has statement SID, with those
                            actions
  role-kms ROLE_PART CONTEXT ACTION  the role whose name contains ROLE_PART
                            has a KMS statement with ACTION whose condition
                            names CONTEXT
  pipe-roles N              the N pipes' roles trust pipes.amazonaws.com for
                            their own pipe only (aws:SourceArn its
                            arn:...:pipes:...:pipe/NAME, aws:SourceAccount),
                            each pipe runs under its own, and their
                            statements name resources (no "*") with actions
                            of the pipe's source, enrichment, target, logs
                            and keys only
  access-logs               every audit bucket sends its server access logs to
                            a bucket of their own, which lets S3's logging
                            service put objects under the prefix only, for
                            that audit bucket of the account, and which
                            logs nothing itself
  trust                     the trust policy of every role of the events,
                            states and firehose principals has aws:SourceAccount
                            and aws:SourceArn
  role-kms-scoped           every KMS statement of every role carries
                            kms:ViaService or an encryption context
  tls                       every queue and topic has a policy that denies
                            requests without TLS
  source-read FN ID.ATTR TYPE.NAME.ATTR SERVICE  function FN's role reads its
                            stream source (SERVICE dynamodb or kinesis) on
                            exactly that ARN (CloudFormation, Terraform),
                            grants nothing on "*", and decrypts only through
                            SERVICE
  table-access ROLE_PART TABLE [INDEX...]  the role whose name contains
                            ROLE_PART reads TABLE and exactly its indexes
                            INDEX... by their ARNs (TABLE-ARN/index/INDEX, no
                            wildcard), and writes the table's ARN only
"""

import glob
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Fail(Exception):
    pass


# ---- Terraform: the jsonencode({...}) of a policy, as Python ----

TOKEN = re.compile(r'\s*(?:(?P<p>[{}\[\],=:])|(?P<s>"(?:[^"\\]|\\.)*")|(?P<w>[^\s{}\[\],=]+))')


def hcl_object(text):
    """The value of an HCL expression made of objects, tuples, strings and
    bare expressions (kept as their text)."""
    toks = []
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("p"):
            toks.append(("p", m.group("p")))
        elif m.group("s"):
            toks.append(("s", json.loads(m.group("s"))))
        elif m.group("w"):
            toks.append(("w", m.group("w")))
    i = 0

    def value():
        nonlocal i
        kind, t = toks[i]
        i += 1
        if kind == "p" and t == "{":
            obj = {}
            while toks[i] != ("p", "}"):
                if toks[i] == ("p", ","):
                    i += 1
                    continue
                key = toks[i][1]
                i += 2  # the key and '='
                obj[key] = value()
            i += 1
            return obj
        if kind == "p" and t == "[":
            arr = []
            while toks[i] != ("p", "]"):
                if toks[i] == ("p", ","):
                    i += 1
                    continue
                arr.append(value())
            i += 1
            return arr
        return t

    return value()


def tf_document(expr):
    """A policy argument of the module: ${jsonencode({...})}."""
    if not isinstance(expr, str):
        return expr
    m = re.fullmatch(r"\$\{jsonencode\((.*)\)\}", expr.strip(), re.S)
    if not m:
        raise Fail("not a jsonencode() document: %s" % expr[:80])
    return hcl_object(m.group(1))


def load_tf(out):
    spec = importlib.util.spec_from_file_location("tf_check", os.path.join(HERE, "tf-check.py"))
    tfc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tfc)
    files = [f for f in tfc.find_tf([os.path.join(out, "terraform", "components")]) if f.endswith("main.tf")]
    parsed = tfc.parse_all(files, tfc.default_node_modules(), 120)
    res = {}
    for f in files:
        if "error" in parsed[f]:
            raise Fail("%s: %s" % (f, parsed[f]["error"]))
        for typ, named in parsed[f]["json"].get("resource", {}).items():
            for name, blocks in named.items():
                res.setdefault(typ, {})[name] = blocks[0]
    return res


def load_cfn(out, env):
    res = {}
    for f in sorted(glob.glob(os.path.join(out, env, "cloudformation", "*.json"))):
        for k, v in json.load(open(f)).get("Resources", {}).items():
            res.setdefault(v["Type"], {})[k] = v.get("Properties", {})
    return res


# ---- what both outputs say, in one form ----

def as_list(x):
    return x if isinstance(x, list) else [x]


def statements(doc):
    return as_list(doc.get("Statement", [])) if isinstance(doc, dict) else []


def key_policies(cfn, tf):
    """{output: {key name: [statements]}}"""
    return {
        "CloudFormation": {k: statements(p["KeyPolicy"]) for k, p in cfn.get("AWS::KMS::Key", {}).items()},
        "Terraform": {k: statements(tf_document(b["policy"])) for k, b in tf.get("aws_kms_key", {}).items()},
    }


def role_docs(cfn, tf):
    """{output: {role name: (trust statements, policy statements)}}"""
    out = {"CloudFormation": {}, "Terraform": {}}
    for k, p in cfn.get("AWS::IAM::Role", {}).items():
        st = []
        for pol in p.get("Policies", []):
            st += statements(pol["PolicyDocument"])
        out["CloudFormation"][k] = (statements(p["AssumeRolePolicyDocument"]), st)
    for k, b in tf.get("aws_iam_role", {}).items():
        out["Terraform"][k] = (statements(tf_document(b["assume_role_policy"])), [])
    for k, b in tf.get("aws_iam_role_policy", {}).items():
        role = re.search(r"aws_iam_role\.([A-Za-z0-9_-]+)\.", b["role"]).group(1)
        out["Terraform"][role][1].extend(statements(tf_document(b["policy"])))
    return out


def cond_keys(s):
    keys = set()
    for op, kv in (s.get("Condition") or {}).items():
        keys.update(kv)
    return keys


def actions(s):
    return set(as_list(s.get("Action", [])))


def principal_services(s):
    p = s.get("Principal")
    if not isinstance(p, dict):
        return set()
    return {x if isinstance(x, str) else json.dumps(x) for x in as_list(p.get("Service", []))}


# ---- the checks ----

def check_bus_key(cfn, tf, name, want):
    want = want == "yes"
    buses = {k: p for k, p in cfn.get("AWS::Events::EventBus", {}).items()}
    bus = [k for k in buses if k.lower().startswith(name.replace("-", "").lower())]
    if len(bus) != 1:
        raise Fail("CloudFormation: no single bus %s in %s" % (name, sorted(buses)))
    bus = bus[0]
    tfname = name.replace("-", "_")
    if tfname not in tf.get("aws_cloudwatch_event_bus", {}):
        raise Fail("Terraform: no aws_cloudwatch_event_bus.%s" % tfname)
    got = {"CloudFormation": "KmsKeyIdentifier" in buses[bus],
           "Terraform": "kms_key_identifier" in tf["aws_cloudwatch_event_bus"][tfname]}
    for o, g in got.items():
        if g != want:
            raise Fail("%s: bus %s is %son the AWS-owned key" % (o, name, "not " if g else ""))
    arch = [p for p in cfn.get("AWS::Events::Archive", {}).values()
            if json.dumps(p.get("SourceArn")).find('"%s"' % bus) >= 0]
    tfarch = [b for b in tf.get("aws_cloudwatch_event_archive", {}).values()
              if "aws_cloudwatch_event_bus.%s." % tfname in b["event_source_arn"]]
    if len(arch) != len(tfarch):
        raise Fail("archives of %s: %d in CloudFormation, %d in Terraform" % (name, len(arch), len(tfarch)))
    for a in arch:
        if "KmsKeyIdentifier" not in a:
            raise Fail("CloudFormation: the archive of %s has no key" % name)
    for a in tfarch:
        if "kms_key_identifier" not in a:
            raise Fail("Terraform: the archive of %s has no key" % name)
    return "bus %s is on %s in both outputs%s" % (
        name, "the pattern's key" if want else "the AWS-owned key",
        ", its archive on the pattern's" if arch else "")


SCOPES = ("aws:SourceArn",)


def scoped(s):
    ks = cond_keys(s)
    return any(k in SCOPES or k.startswith("kms:EncryptionContext:") for k in ks)


def check_key_policy(cfn, tf):
    n = 0
    for out, keys in key_policies(cfn, tf).items():
        for key, sts in keys.items():
            for s in sts:
                svc = principal_services(s)
                if not svc:
                    continue
                n += 1
                acts = actions(s)
                if acts == {"kms:DescribeKey"}:
                    if "aws:SourceAccount" not in cond_keys(s):
                        raise Fail("%s: key %s: %s: DescribeKey without aws:SourceAccount" % (out, key, s.get("Sid")))
                    continue
                if not scoped(s):
                    raise Fail("%s: key %s: statement %s (%s) is not scoped to the resources that use the key: %s"
                               % (out, key, s.get("Sid"), sorted(svc), s.get("Condition")))
            events = [s for s in sts if "events.amazonaws.com" in principal_services(s)]
            if events and not any("kms:DescribeKey" in actions(s) for s in events):
                raise Fail("%s: key %s: EventBridge uses it but may not DescribeKey" % (out, key))
    return "%d service statements, each scoped, in both outputs" % (n // 2 if n else 0)


def check_key_statement(cfn, tf, sid, *want):
    for out, keys in key_policies(cfn, tf).items():
        found = [s for sts in keys.values() for s in sts if s.get("Sid") == sid]
        if not found:
            raise Fail("%s: no key policy has statement %s" % (out, sid))
        for s in found:
            miss = set(want) - actions(s)
            if miss:
                raise Fail("%s: statement %s lacks %s" % (out, sid, sorted(miss)))
    return "key statement %s allows %s in both outputs" % (sid, ", ".join(want))


def check_role_kms(cfn, tf, part, context, action):
    for out, roles in role_docs(cfn, tf).items():
        names = [r for r in roles if part.lower() in r.lower().replace("_", "")]
        if not names:
            raise Fail("%s: no role matches %s" % (out, part))
        ok = False
        for r in names:
            for s in roles[r][1]:
                if action in actions(s) and any(k == context for k in cond_keys(s)):
                    ok = True
        if not ok:
            raise Fail("%s: role %s has no %s statement with %s" % (out, names, action, context))
    return "role %s may %s under %s in both outputs" % (part, action, context)


def check_trust(cfn, tf):
    n = 0
    for out, roles in role_docs(cfn, tf).items():
        for r, (trust, _) in roles.items():
            for s in trust:
                svc = principal_services(s)
                if svc & {"events.amazonaws.com", "states.amazonaws.com", "firehose.amazonaws.com",
                          "pipes.amazonaws.com", "scheduler.amazonaws.com"}:
                    n += 1
                    # Firehose passes the account as its external ID (AWS's
                    # documented trust policy for a Firehose role)
                    want = {"sts:ExternalId"} if svc == {"firehose.amazonaws.com"} else \
                        {"aws:SourceAccount", "aws:SourceArn"}
                    miss = want - cond_keys(s)
                    if miss:
                        raise Fail("%s: role %s: trust of %s lacks %s" % (out, r, sorted(svc), sorted(miss)))
                    # Scheduler assumes a schedule's role for its schedule
                    # group (the Scheduler guide's confused-deputy example)
                    arn = json.dumps([v for op, kv in s["Condition"].items() for k, v in kv.items()
                                      if k == "aws:SourceArn"])
                    if svc == {"scheduler.amazonaws.com"} and ":schedule-group/" not in arn:
                        raise Fail("%s: role %s: Scheduler's aws:SourceArn is not a schedule group: %s" % (out, r, arn))
    if not n:
        raise Fail("no role of those principals")
    return "%d trust policies of events, states, firehose and pipes roles carry their conditions in both outputs" % (n // 2)


def check_role_kms_scoped(cfn, tf):
    n = 0
    for out, roles in role_docs(cfn, tf).items():
        for r, (_, sts) in roles.items():
            for s in sts:
                # kms:DescribeKey reads a key's metadata, no data, and takes
                # no encryption context: a pipe's role may describe its key
                # (the Pipes guide's key policy) on that key's ARN alone
                if actions(s) == {"kms:DescribeKey"}:
                    continue
                if any(a.startswith("kms:") for a in actions(s)):
                    n += 1
                    ks = cond_keys(s)
                    if not any(k == "kms:ViaService" or k.startswith("kms:EncryptionContext:") for k in ks):
                        raise Fail("%s: role %s: %s uses a key without kms:ViaService or an encryption context"
                                   % (out, r, s.get("Sid")))
    if not n:
        raise Fail("no KMS statement in any role")
    return "%d KMS statements of roles, each with kms:ViaService or an encryption context, in both outputs" % (n // 2)


def resource_text(s):
    return json.dumps(s.get("Resource"))


def check_role_actions(cfn, tf, part, *want):
    """The roles whose name has PART may do exactly WANT (KMS aside), each
    on named resources, never "*"."""
    want = set(want)
    for out, roles in role_docs(cfn, tf).items():
        names = [r for r in roles if part.lower() in r.lower().replace("_", "")]
        if not names:
            raise Fail("%s: no role matches %s" % (out, part))
        for r in names:
            got = set()
            for s in roles[r][1]:
                if '"*"' in resource_text(s):
                    raise Fail("%s: role %s: %s on \"*\"" % (out, r, s.get("Sid")))
                got |= {a for a in actions(s) if not a.startswith("kms:")}
            if got != want:
                raise Fail("%s: role %s may %s, not %s" % (out, r, sorted(got), sorted(want)))
    return "role %s may %s only, on named resources, in both outputs" % (part, " ".join(sorted(want)))


def denies_tls(doc):
    for s in statements(doc):
        c = (s.get("Condition") or {}).get("Bool", {})
        if s.get("Effect") == "Deny" and s.get("Principal") == "*" and str(c.get("aws:SecureTransport")) == "false":
            return True
    return False


def check_tls(cfn, tf):
    def refs(x):
        return set(re.findall(r'"(?:Ref|Fn::GetAtt)": \[?"([A-Za-z0-9]+)"', json.dumps(x)))
    msgs = []
    for typ, ptyp, key in (("AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "Queues"),
                           ("AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "Topics")):
        have = set(cfn.get(typ, {}))
        covered = set()
        for p in cfn.get(ptyp, {}).values():
            if denies_tls(p["PolicyDocument"]):
                covered |= refs(p[key])
        if have - covered:
            raise Fail("CloudFormation: %s without a TLS-only policy: %s" % (typ, sorted(have - covered)))
        msgs.append("%d %s" % (len(have), typ.split("::")[-1].lower() + "s"))
    for typ, ptyp, arg in (("aws_sqs_queue", "aws_sqs_queue_policy", "queue_url"),
                           ("aws_sns_topic", "aws_sns_topic_policy", "arn")):
        have = set(tf.get(typ, {}))
        covered = set()
        for b in tf.get(ptyp, {}).values():
            if denies_tls(tf_document(b["policy"])):
                covered |= set(re.findall(typ + r"\.([A-Za-z0-9_-]+)\.", b[arg]))
        if have - covered:
            raise Fail("Terraform: %s without a TLS-only policy: %s" % (typ, sorted(have - covered)))
    return "every one of %s denies requests without TLS in both outputs" % " and ".join(msgs)


def check_access_logs(cfn, tf):
    buckets = cfn.get("AWS::S3::Bucket", {})
    audit = {k: p for k, p in buckets.items() if k.endswith("AuditBucket")}
    if not audit:
        raise Fail("CloudFormation: no audit bucket")
    for k, p in audit.items():
        lc = p.get("LoggingConfiguration", {})
        dest = lc.get("DestinationBucketName", {}).get("Ref")
        if dest not in buckets or dest == k or "LoggingConfiguration" in buckets[dest]:
            raise Fail("CloudFormation: %s logs to %s, not to a bucket of its own that logs nothing" % (k, dest))
        prefix = lc.get("LogFilePrefix")
        pols = [x for x in cfn.get("AWS::S3::BucketPolicy", {}).values() if x["Bucket"].get("Ref") == dest]
        st = [s for x in pols for s in statements(x["PolicyDocument"]) if "logging.s3.amazonaws.com" in principal_services(s)]
        name = p["BucketName"]["Fn::Sub"] if isinstance(p["BucketName"], dict) else p["BucketName"]
        ok = len(st) == 1 and actions(st[0]) == {"s3:PutObject"} and st[0].get("Effect") == "Allow"
        ok = ok and all(json.dumps(r).endswith('"/%s*"]]}' % prefix) for r in as_list(st[0]["Resource"]))
        src = (st[0].get("Condition", {}).get("ArnLike", {}).get("aws:SourceArn") or {}) if st else {}
        ok = ok and isinstance(src, dict) and src.get("Fn::Sub", "").endswith(":s3:::" + name)
        ok = ok and "aws:SourceAccount" in st[0].get("Condition", {}).get("StringEquals", {})
        if not ok:
            raise Fail("CloudFormation: %s's log bucket %s does not let S3 log for it alone: %s" % (k, dest, st))
    tb = tf.get("aws_s3_bucket_logging", {})
    for k, b in tb.items():
        target = re.search(r"aws_s3_bucket\.([a-z0-9_]+)\.", b["target_bucket"]).group(1)
        if target == k or target in tb:
            raise Fail("Terraform: %s logs to %s, which logs itself" % (k, target))
        pol = [x for x in tf.get("aws_s3_bucket_policy", {}).values() if ("aws_s3_bucket.%s." % target) in x["bucket"]]
        st = [s for x in pol for s in statements(tf_document(x["policy"])) if "logging.s3.amazonaws.com" in principal_services(s)]
        if len(st) != 1 or actions(st[0]) != {"s3:PutObject"} or "aws:SourceArn" not in cond_keys(st[0]) \
                or "aws:SourceAccount" not in cond_keys(st[0]):
            raise Fail("Terraform: %s's log bucket %s does not let S3 log for it alone: %s" % (k, target, st))
    if len(tb) != len(audit):
        raise Fail("audit buckets: %d log in CloudFormation, %d in Terraform" % (len(audit), len(tb)))
    return "%d audit buckets log their access to a bucket of their own, in both outputs" % len(audit)


def arn_text(r):
    """A resource ARN as text: Fn::Sub's template, GetAtt as LOGICALID.Arn."""
    if isinstance(r, dict) and "Fn::Sub" in r:
        return r["Fn::Sub"] if isinstance(r["Fn::Sub"], str) else r["Fn::Sub"][0]
    if isinstance(r, dict) and "Fn::GetAtt" in r:
        return "%s.Arn" % r["Fn::GetAtt"][0]
    m = re.fullmatch(r"\$\{aws_cloudwatch_event_bus\.([a-z0-9_]+)\.arn\}|aws_cloudwatch_event_bus\.([a-z0-9_]+)\.arn", r) \
        if isinstance(r, str) else None
    if m:  # the pattern's bus, as CloudFormation's GetAtt names it
        name = m.group(1) or m.group(2)
        return "%sEventBus.Arn" % "".join(w.capitalize() for w in name.split("_"))
    return r if isinstance(r, str) else json.dumps(r)


def check_put_events(cfn, tf, part, *want):
    """Role PART may events:PutEvents on exactly the buses whose ARNs end in
    WANT, each named (no wildcard), in both outputs."""
    for out, roles in role_docs(cfn, tf).items():
        names = [r for r in roles if part.lower() in r.lower().replace("_", "")]
        if not names:
            raise Fail("%s: no role matches %s" % (out, part))
        got = []
        for r in names:
            for st in roles[r][1]:
                if "events:PutEvents" in actions(st):
                    got += [arn_text(x) for x in as_list(st.get("Resource", []))]
        if any("*" in g for g in got):
            raise Fail("%s: role %s puts events on a wildcard: %s" % (out, names, got))
        for w in want:
            if not any(g.endswith(w) for g in got):
                raise Fail("%s: role %s may not put events on ...%s (it may on %s)" % (out, names, w, got))
        extra = [g for g in got if not any(g.endswith(w) for w in want)]
        if extra:
            raise Fail("%s: role %s may put events on more than asked: %s" % (out, names, extra))
    return "role %s may put events on %s only, in both outputs" % (part, ", ".join(want))


def check_buses_created(cfn, tf, *want):
    """The event buses the outputs create are exactly WANT (pattern names)."""
    norm = lambda n: n.lower().replace("-", "").replace("_", "")
    made = {
        "CloudFormation": sorted(norm(k[:-len("EventBus")]) for k in cfn.get("AWS::Events::EventBus", {})),
        "Terraform": sorted(norm(k) for k in tf.get("aws_cloudwatch_event_bus", {})),
    }
    for out, got in made.items():
        if got != sorted(norm(w) for w in want):
            raise Fail("%s: creates the buses %s, not %s" % (out, got, sorted(want)))
    return "creates bus %s only, in both outputs" % ", ".join(want)


def strip_ref(v):
    """A Terraform reference as tf-check.py gives it, without ${ }."""
    return v[2:-1] if isinstance(v, str) and v.startswith("${") and v.endswith("}") else v


def check_source_read(cfn, tf, fn, cfn_ref, tf_ref, service):
    """Function FN's role reads its stream source on exactly that ARN
    (CloudFormation ID.ATTR, Terraform TYPE.NAME.ATTR), grants nothing on
    "*", and decrypts the records only through SERVICE (kms:ViaService)."""
    role = {"CloudFormation": "".join(w.title() for w in fn.split("-")) + "FunctionRole",
            "Terraform": fn.replace("-", "_") + "_lambda"}
    rid, attr = cfn_ref.split(".")
    want = {"CloudFormation": [{"Fn::GetAtt": [rid, attr]}], "Terraform": [tf_ref]}
    for out, roles in role_docs(cfn, tf).items():
        st = roles[role[out]][1]
        reads = [s for s in st if "%s:GetRecords" % service in actions(s)]
        if len(reads) != 1:
            raise Fail("%s: role %s has %d statements with %s:GetRecords" % (out, role[out], len(reads), service))
        got = [strip_ref(r) for r in as_list(reads[0].get("Resource"))]
        if got != want[out]:
            raise Fail("%s: role %s reads %s, not %s" % (out, role[out], got, want[out]))
        if any(r == "*" for s in st for r in as_list(s.get("Resource"))):
            raise Fail("%s: role %s grants something on *" % (out, role[out]))
        via = [s for s in st if "kms:Decrypt" in actions(s)
               and service + "." in json.dumps(s.get("Condition", {}).get("StringEquals", {}).get("kms:ViaService"))]
        if not via:
            raise Fail("%s: role %s may not decrypt through %s" % (out, role[out], service))
    return "function %s reads its %s source on that ARN only, and decrypts through %s, in both outputs" % (
        fn, service, service)


def resource_text(r):
    """A statement's resource as one text: ARN (a reference to the table's
    ARN) or ARN/index/NAME."""
    if isinstance(r, dict) and "Fn::GetAtt" in r:
        return "ARN"
    if isinstance(r, dict) and "Fn::Join" in r:
        return "".join(resource_text(p) for p in r["Fn::Join"][1])
    if isinstance(r, str):
        return re.sub(r"^\$\{aws_dynamodb_table\.[a-z0-9_]+\.arn\}|^aws_dynamodb_table\.[a-z0-9_]+\.arn$", "ARN", r)
    return json.dumps(r)


def check_table_access(cfn, tf, part, table, *indexes):
    want_read = sorted(["ARN"] + ["ARN/index/%s" % i for i in indexes])
    tid = "".join(w.title() for w in table.split("-")) + "Table"
    tlocal = table.replace("-", "_")
    for out, roles in role_docs(cfn, tf).items():
        mine = [k for k in roles if part.replace("-", "").lower() in k.replace("_", "").lower()]
        if len(mine) != 1:
            raise Fail("%s: %d roles match %s: %s" % (out, len(mine), part, mine))
        st = roles[mine[0]][1]
        reads = [x for x in st if "dynamodb:Query" in actions(x)]
        writes = [x for x in st if "dynamodb:PutItem" in actions(x)]
        if len(reads) != 1 or len(writes) != 1:
            raise Fail("%s: role %s has %d read and %d write statements" % (out, mine[0], len(reads), len(writes)))
        for x in reads + writes:
            for r in as_list(x.get("Resource")):
                if tid not in json.dumps(r) and tlocal not in json.dumps(r):
                    raise Fail("%s: role %s grants on %s, not table %s" % (out, mine[0], r, table))
        got_read = sorted(resource_text(r) for r in as_list(reads[0].get("Resource")))
        got_write = sorted(resource_text(r) for r in as_list(writes[0].get("Resource")))
        if got_read != want_read:
            raise Fail("%s: role %s reads %s, not %s" % (out, mine[0], got_read, want_read))
        if got_write != ["ARN"]:
            raise Fail("%s: role %s writes %s, not the table only" % (out, mine[0], got_write))
    return "role %s reads table %s%s by exact ARNs and writes the table only, in both outputs" % (
        part, table, " and its indexes " + ", ".join(indexes) if indexes else "")


PIPE_ACTIONS = {
    "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:SendMessage",
    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
    "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
    "kinesis:ListShards",
    "lambda:InvokeFunction", "states:StartExecution", "states:StartSyncExecution", "events:PutEvents",
    "sns:Publish", "logs:CreateLogStream", "logs:PutLogEvents",
    "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey",
}


def check_pipe_roles(cfn, tf, count):
    pipes = {
        "CloudFormation": {p["Name"]: json.dumps(p["RoleArn"]) for p in cfn.get("AWS::Pipes::Pipe", {}).values()},
        "Terraform": {b["name"]: b["role_arn"] for b in tf.get("aws_pipes_pipe", {}).values()},
    }
    for out, roles in role_docs(cfn, tf).items():
        if len(pipes[out]) != int(count):
            raise Fail("%s: %d pipes, not %s" % (out, len(pipes[out]), count))
        trusted = []
        for r, (trust, sts) in roles.items():
            if not any("pipes.amazonaws.com" in principal_services(s) for s in trust):
                continue
            for s in trust:
                miss = {"aws:SourceAccount", "aws:SourceArn"} - cond_keys(s)
                if miss:
                    raise Fail("%s: role %s: trust of pipes lacks %s" % (out, r, sorted(miss)))
                arn = json.dumps(s["Condition"]["ArnLike"]["aws:SourceArn"])
                name = [n for n in pipes[out] if re.search(r":pipe/%s\b" % re.escape(n), arn)]
                if not name:
                    raise Fail("%s: role %s trusts pipes for %s, no pipe of the pattern" % (out, r, arn))
                if r not in pipes[out][name[0]]:
                    raise Fail("%s: pipe %s does not run under role %s, which trusts it" % (out, name[0], r))
                trusted.append(name[0])
            for s in sts:
                if "*" in as_list(s.get("Resource", [])):
                    raise Fail("%s: role %s: %s applies to \"*\"" % (out, r, s.get("Sid")))
                extra = actions(s) - PIPE_ACTIONS
                if extra:
                    raise Fail("%s: role %s: %s allows %s, which no pipe needs" % (out, r, s.get("Sid"), sorted(extra)))
        if sorted(set(trusted)) != sorted(pipes[out]) or len(trusted) != len(set(trusted)):
            raise Fail("%s: pipes %s, roles trusting them for %s" % (out, sorted(pipes[out]), sorted(trusted)))
    return ("%s pipes each run under a role of their own that trusts pipes.amazonaws.com for that pipe "
            "and names every resource, in both outputs" % count)


CHECKS = {
    "table-access": check_table_access,
    "pipe-roles": check_pipe_roles,
    "access-logs": check_access_logs,
    "buses-created": check_buses_created,
    "put-events": check_put_events,
    "source-read": check_source_read,
    "bus-key": check_bus_key,
    "key-policy": check_key_policy,
    "key-statement": check_key_statement,
    "role-kms": check_role_kms,
    "role-actions": check_role_actions,
    "trust": check_trust,
    "role-kms-scoped": check_role_kms_scoped,
    "tls": check_tls,
}


def main(argv):
    if len(argv) < 3 or argv[0] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    check, out, env = argv[:3]
    try:
        cfn = load_cfn(out, env)
        tf = load_tf(out)
        print(CHECKS[check](cfn, tf, *argv[3:]))
    except Fail as e:
        print(e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
