#!/usr/bin/python3
"""Structural checks of a generated CloudFormation template, resource by
resource: the guarantees of the CloudFormation backend (issue 4).

usage: cfn-guarantees.py TEMPLATE [--retention DAYS] [--provisioned yes|no]
Prints one line per violation; exit 0 when there is none, 1 otherwise."""
import json
import re
import sys

# Actions AWS only grants on Resource "*": X-Ray segments and Step
# Functions' log delivery.
STAR_OK = {
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
    "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
    "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
}
PSEUDO = {"AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName", "AWS::StackId",
          "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"}


def as_list(x):
    return x if isinstance(x, list) else [x]


def statements(doc):
    return as_list((doc or {}).get("Statement", []))


def main(argv):
    path = argv[0]
    retention = None
    provisioned = None
    i = 1
    while i < len(argv):
        if argv[i] == "--retention":
            retention = int(argv[i + 1]); i += 2
        elif argv[i] == "--provisioned":
            provisioned = argv[i + 1] == "yes"; i += 2
        else:
            print(f"usage: unknown argument {argv[i]}", file=sys.stderr)
            return 2
    t = json.load(open(path))
    res = t.get("Resources", {})
    params = t.get("Parameters", {})
    bad = []

    def fail(name, msg):
        bad.append(f"{path}: {name}: {msg}")

    if len(res) > 500:
        fail("(template)", f"{len(res)} resources, above CloudFormation's 500")

    # IAM: no wildcard action; "*" resources only where AWS requires them
    for name, r in res.items():
        typ, p = r["Type"], r.get("Properties", {})
        docs = []
        if typ == "AWS::IAM::Role":
            docs += [pol["PolicyDocument"] for pol in p.get("Policies", [])]
        if typ in ("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy", "AWS::IAM::Policy"):
            docs.append(p["PolicyDocument"])
        for doc in docs:
            for s in statements(doc):
                acts = as_list(s.get("Action", []))
                if s.get("Effect") == "Allow" and any("*" in a for a in acts):
                    fail(name, f"statement {s.get('Sid')} allows a wildcard action {acts}")
                if s.get("Effect") == "Allow" and "*" in as_list(s.get("Resource", [])):
                    extra = [a for a in acts if a not in STAR_OK]
                    if extra:
                        fail(name, f"statement {s.get('Sid')} grants {extra} on Resource \"*\"")
        if typ == "AWS::KMS::Key":
            for s in statements(p.get("KeyPolicy")):
                if any("*" in a for a in as_list(s.get("Action", []))):
                    fail(name, f"key policy statement {s.get('Sid')} has a wildcard action")

    # KMS on everything that stores data
    def need(name, ok, what):
        if not ok:
            fail(name, f"not encrypted with a KMS key: {what}")
    log_destinations = {r.get("Properties", {}).get("LoggingConfiguration", {}).get("DestinationBucketName", {}).get("Ref")
                        for r in res.values() if r["Type"] == "AWS::S3::Bucket"}
    for name, r in res.items():
        typ, p = r["Type"], r.get("Properties", {})
        if typ == "AWS::SQS::Queue":
            need(name, "KmsMasterKeyId" in p, "KmsMasterKeyId")
        elif typ == "AWS::SNS::Topic":
            need(name, "KmsMasterKeyId" in p, "KmsMasterKeyId")
        elif typ == "AWS::DynamoDB::Table":
            sse = p.get("SSESpecification", {})
            need(name, sse.get("SSEEnabled") and sse.get("SSEType") == "KMS" and "KMSMasterKeyId" in sse, "SSESpecification")
        elif typ == "AWS::S3::Bucket":
            rules = p.get("BucketEncryption", {}).get("ServerSideEncryptionConfiguration", [])
            # a destination of server access logs: SSE-S3, the default
            # encryption the S3 User Guide documents for one
            algo = "AES256" if name in log_destinations else "aws:kms"
            need(name, any(x.get("ServerSideEncryptionByDefault", {}).get("SSEAlgorithm") == algo for x in rules), "BucketEncryption")
            pab = p.get("PublicAccessBlockConfiguration", {})
            if not all(pab.get(k) for k in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")):
                fail(name, "public access is not blocked")
        elif typ == "AWS::Logs::LogGroup":
            need(name, "KmsKeyId" in p, "KmsKeyId")
            if retention is not None and p.get("RetentionInDays") != retention:
                fail(name, f"RetentionInDays {p.get('RetentionInDays')}, expected {retention}")
        elif typ == "AWS::StepFunctions::StateMachine":
            need(name, p.get("EncryptionConfiguration", {}).get("Type") == "CUSTOMER_MANAGED_KMS_KEY", "EncryptionConfiguration")
        elif typ == "AWS::Events::Archive":
            need(name, "KmsKeyIdentifier" in p, "KmsKeyIdentifier")
        elif typ == "AWS::KinesisFirehose::DeliveryStream":
            need(name, p.get("DeliveryStreamEncryptionConfigurationInput", {}).get("KeyType") == "CUSTOMER_MANAGED_CMK", "stream encryption")

    # what SQS takes of a queue's policy (Amazon SQS policy quotas): at most
    # 20 statements, 10 conditions, 7 actions a statement, 50 principals
    for name, r in res.items():
        if r["Type"] != "AWS::SQS::QueuePolicy":
            continue
        st = statements(r["Properties"]["PolicyDocument"])
        conditions = sum(len(keys) for s in st for keys in s.get("Condition", {}).values())
        principals = sum(len(as_list(v)) for s in st for v in (s["Principal"].values() if isinstance(s.get("Principal"), dict) else [s.get("Principal")]))
        if len(st) > 20:
            fail(name, f"{len(st)} statements, above SQS's 20 a policy")
        if conditions > 10:
            fail(name, f"{conditions} conditions, above SQS's 10 a policy")
        if principals > 50:
            fail(name, f"{principals} principals, above SQS's 50 a policy")
        for s in st:
            if len(as_list(s.get("Action", []))) > 7:
                fail(name, f"statement {s.get('Sid')} has more than SQS's 7 actions")

    # the bucket policy refuses plain HTTP
    for name, r in res.items():
        if r["Type"] == "AWS::S3::BucketPolicy":
            if not any(s.get("Effect") == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
                       for s in statements(r["Properties"]["PolicyDocument"])):
                fail(name, "bucket policy does not deny insecure transport")

    # provisioned concurrency only where the environment asks for it
    if provisioned is not None:
        pc = [n for n, r in res.items() if r["Type"] == "AWS::Lambda::Alias" and "ProvisionedConcurrencyConfig" in r.get("Properties", {})]
        if provisioned and not pc:
            fail("(template)", "no alias with provisioned concurrency")
        if not provisioned and pc:
            fail("(template)", f"provisioned concurrency where none is wanted: {pc}")

    # every Ref, GetAtt, Sub variable and DependsOn names something that exists
    def walk(name, x):
        if isinstance(x, dict):
            if len(x) == 1 and "Ref" in x:
                if x["Ref"] not in res and x["Ref"] not in params and x["Ref"] not in PSEUDO:
                    fail(name, f"Ref to unknown {x['Ref']}")
            if len(x) == 1 and "Fn::GetAtt" in x:
                if x["Fn::GetAtt"][0] not in res:
                    fail(name, f"GetAtt of unknown {x['Fn::GetAtt'][0]}")
            if len(x) == 1 and "Fn::Sub" in x and isinstance(x["Fn::Sub"], str):
                for v in re.findall(r"\$\{([^}!]+)\}", x["Fn::Sub"]):
                    if v not in res and v not in params and v not in PSEUDO:
                        fail(name, f"Fn::Sub of unknown ${{{v}}}")
            for v in x.values():
                walk(name, v)
        elif isinstance(x, list):
            for v in x:
                walk(name, v)
    for name, r in res.items():
        props = dict(r.get("Properties", {}))
        if r["Type"] == "AWS::StepFunctions::StateMachine":
            defn = json.dumps(props.pop("Definition", {}))
            subs = props.get("DefinitionSubstitutions", {})
            for v in re.findall(r"\$\{([^}]+)\}", defn):
                if v not in subs:
                    fail(name, f"definition placeholder ${{{v}}} has no substitution")
        walk(name, props)
        for d in as_list(r.get("DependsOn", [])):
            if d not in res:
                fail(name, f"DependsOn unknown {d}")
    walk("Outputs", t.get("Outputs", {}))

    # no dependency cycle: CloudFormation refuses to create such a stack
    deps = {}
    def collect(x, acc):
        if isinstance(x, dict):
            if len(x) == 1 and "Ref" in x and x["Ref"] in res:
                acc.add(x["Ref"])
            if len(x) == 1 and "Fn::GetAtt" in x and x["Fn::GetAtt"][0] in res:
                acc.add(x["Fn::GetAtt"][0])
            if len(x) == 1 and "Fn::Sub" in x and isinstance(x["Fn::Sub"], str):
                acc.update(v.split(".")[0] for v in re.findall(r"\$\{([^}!]+)\}", x["Fn::Sub"]) if v.split(".")[0] in res)
            for v in x.values():
                collect(v, acc)
        elif isinstance(x, list):
            for v in x:
                collect(v, acc)
    for name, r in res.items():
        acc = set()
        collect(r.get("Properties", {}), acc)
        acc.update(d for d in as_list(r.get("DependsOn", [])) if d in res)
        acc.discard(name)
        deps[name] = acc
    state = {}
    for start in res:
        if state.get(start):
            continue
        stack = [(start, iter(sorted(deps[start])))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                fail(node, f"dependency cycle through {nxt}")
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(sorted(deps[nxt]))))

    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
