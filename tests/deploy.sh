#!/bin/bash
# deploy.sh - what a real deployment needs beyond what the schemas check,
# asserted in both outputs of the reference pattern (CloudFormation per
# environment, the one Terraform module and its tfvars):
#   - a subscription of a queue to a topic waits for the queue policy that
#     lets the topic send (DependsOn / depends_on), and no DependsOn is
#     written where a reference orders them already;
#   - every stateful resource (keys, buckets, queues, tables, log groups)
#     says what a stack's deletion and a replacement do to its data: kept
#     in the environments that keep data (prod and production, or those
#     keep_data says, by default prod), deleted elsewhere; tables refuse deletion
#     where the data is kept; Terraform's prevent_destroy wherever one
#     environment keeps it;
#   - a function's code is named for the SHA-256 of its folder: the zip's
#     key, the published version's logical ID and Terraform's
#     source_code_hash follow the code, the artifact lists name each
#     folder and key, and changed code changes all three; the shipped
#     handlers are where the pattern's code and handler say, and a
#     partial-failure consumer reports batchItemFailures;
#   - build --code=local: every function's Code is its folder as seen from
#     the template (for aws cloudformation package) and Terraform zips
#     each folder once with hashicorp/archive's archive_file, with no
#     artifact bucket anywhere; otherwise the templates are the bucket
#     build's, byte for byte as JSON.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# facts NAME OUT: runs the Python check on standard input over build OUT;
# its last line is the case's name
facts() {
	local name=$1
	shift
	if python3 - "$@" >facts.out 2>&1; then
		tap_ok "$name: $(tail -n 1 facts.out)"
	else
		tap_not_ok "$name"
		tap_comment <facts.out
	fi
}

# The Python side: templates and the module's resource blocks.
cat >lib.py <<'PY'
import json, re, sys

def template(out, env):
    return json.load(open(f"{out}/{env}/cloudformation/template.json"))["Resources"]

def blocks(out, pattern):
    """{(type, name): body text} of the module's resource blocks."""
    text = open(f"{out}/terraform/components/terraform/{pattern}/main.tf").read()
    found = {}
    for m in re.finditer(r'^resource "([^"]+)" "([^"]+)" \{\n', text, re.M):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        found[(m.group(1), m.group(2))] = text[m.end():i - 1]
    return found

def tfvars(out, env):
    return open(f"{out}/terraform/envs/{env}.tfvars").read()
PY
export PYTHONPATH=$work PYTHONDONTWRITEBYTECODE=1

ref=ref
if eventc_run build -o "$ref" "$top_srcdir/patterns/event-driven.ev" >build.out 2>&1; then
	tap_ok "reference: builds"
else
	tap_not_ok "reference: builds"
	tap_comment <build.out
fi

# ---- SNS to SQS: the subscription waits for the queue's policy ----
facts "sns to sqs" "$ref" <<'PY'
import re, sys
from lib import *
out = sys.argv[1]
for env in ("dev", "staging", "prod"):
    t = template(out, env)
    subs = {k: v for k, v in t.items() if v["Type"] == "AWS::SNS::Subscription"}
    for k, v in subs.items():
        if v["Properties"]["Protocol"] != "sqs":
            assert "DependsOn" not in v, (env, k)
            continue
        q = v["Properties"]["Endpoint"]["Fn::GetAtt"][0]
        pol = q + "Policy"
        assert t[pol]["Type"] == "AWS::SQS::QueuePolicy", (env, pol)
        assert v.get("DependsOn") == [pol], (env, k, v.get("DependsOn"))
        # the policy names the topic as the sender
        st = [s for s in t[pol]["Properties"]["PolicyDocument"]["Statement"]
              if s["Principal"] == {"Service": "sns.amazonaws.com"}]
        assert st and st[0]["Condition"]["ArnEquals"]["aws:SourceArn"] == v["Properties"]["TopicArn"], (env, st)
b = blocks(out, "orders")
n = 0
for (ty, name), body in b.items():
    if ty != "aws_sns_topic_subscription":
        continue
    if re.search(r'protocol\s*=\s*"sqs"', body):
        q = re.search(r"endpoint\s*=\s*aws_sqs_queue\.(\w+)\.arn", body).group(1)
        assert re.search(r"depends_on\s*=\s*\[aws_sqs_queue_policy\.%s\]" % q, body), (name, body)
        assert ("aws_sqs_queue_policy", q) in b, q
        n += 1
    else:
        assert "depends_on" not in body, name
assert n == 1, n
print("each queue subscription waits for its queue policy, in CloudFormation and Terraform")
PY

# ---- data kept when a stack goes ----
cat >keep.py <<'PY'
import re, sys
from lib import *
STATEFUL = {"AWS::KMS::Key": "aws_kms_key", "AWS::S3::Bucket": "aws_s3_bucket", "AWS::SQS::Queue": "aws_sqs_queue",
            "AWS::DynamoDB::Table": "aws_dynamodb_table", "AWS::Logs::LogGroup": "aws_cloudwatch_log_group"}
out, kept = sys.argv[1], sys.argv[2].split(",") if sys.argv[2] else []
n = None
for env in ("dev", "staging", "prod"):
    t = template(out, env)
    want = "Retain" if env in kept else "Delete"
    found = 0
    for k, v in t.items():
        if v["Type"] in STATEFUL:
            found += 1
            assert v.get("DeletionPolicy") == want and v.get("UpdateReplacePolicy") == want, (env, k, v.get("DeletionPolicy"))
            if v["Type"] == "AWS::DynamoDB::Table":
                assert v["Properties"]["DeletionProtectionEnabled"] is (env in kept), (env, k)
        else:
            assert "DeletionPolicy" not in v and "UpdateReplacePolicy" not in v, (env, k)
    assert n in (None, found) and found >= 16, found
    n = found
b = blocks(out, "orders")
lives = {ty: 0 for ty in STATEFUL.values()}
for (ty, name), body in b.items():
    has = re.search(r"lifecycle \{\s*prevent_destroy = true\s*\}", body) is not None
    if ty in lives:
        lives[ty] += 1
        assert has == bool(kept), (ty, name)
    else:
        assert "lifecycle" not in body, (ty, name)
assert all(lives.values()), lives
dp = re.search(r"deletion_protection_enabled\s*=\s*(\S+)", b[("aws_dynamodb_table", "order_state")]).group(1)
if 0 < len(kept) < 3:
    assert dp == "var.order_state_deletion_protection", dp
    for env in ("dev", "staging", "prod"):
        v = re.search(r"^order_state_deletion_protection\s*=\s*(\w+)$", tfvars(out, env), re.M).group(1)
        assert v == ("true" if env in kept else "false"), (env, v)
else:
    assert dp == ("true" if kept else "false"), dp
print(f"{n} stateful resources: {'kept in ' + ', '.join(kept) if kept else 'deleted everywhere'}; "
      f"prevent_destroy {'on' if kept else 'off'} in the module")
PY
facts "data kept by default" "$ref" prod <keep.py
# keep_data, an environment variable of the pattern, overrides the default
for keep in "" "dev,staging,prod" "staging,prod"; do
	rm -rf keep.out keep.ev
	python3 - "$top_srcdir/patterns/event-driven.ev" keep.ev "$keep" <<'PY'
import re, sys
src, dst, keep = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
text = open(src).read()
def add(m):
    return m.group(0) + f"\n  keep_data = {'true' if m.group(1) in keep else 'false'}"
open(dst, "w").write(re.sub(r"^environment ([a-z-]+) \{", add, text, flags=re.M))
PY
	# the copy names its code folders relative to itself
	ln -sfn "$top_srcdir/patterns/functions" functions
	if ! eventc_run build -o keep.out keep.ev >build.out 2>&1; then
		tap_not_ok "keep_data true in '$keep': builds"
		tap_comment <build.out
		continue
	fi
	facts "keep_data true in '$keep'" keep.out "$keep" <keep.py
done

# ---- code: named for its hash, so that a change is a new version ----
cat >code.py <<'PY'
import base64, hashlib, json, os, re, sys
from lib import *

def folder_hash(d):
    h, files = hashlib.sha256(), []
    for root, _, names in os.walk(d):
        files += [os.path.relpath(os.path.join(root, n), d) for n in names]
    for f in sorted(files, key=lambda f: f.encode()):
        data = open(os.path.join(d, f), "rb").read()
        h.update(f.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.digest()

out, src = sys.argv[1], sys.argv[2]
keys = {}
for line in open(f"{out}/terraform/artifacts.txt"):
    folder, key = line.rstrip("\n").split("\t")
    d = folder_hash(os.path.join(src, folder))
    assert key == f"{folder}-{d.hex()[:16]}.zip", (key, d.hex())
    keys[key] = d
assert open(f"{out}/prod/cloudformation/artifacts.txt").read() == open(f"{out}/terraform/artifacts.txt").read()
b = blocks(out, "orders")
for env in ("dev", "staging", "prod"):
    t = template(out, env)
    for fid, f in ((k, v) for k, v in t.items() if v["Type"] == "AWS::Lambda::Function"):
        key = f["Properties"]["Code"]["S3Key"]["Fn::Sub"]
        assert key.startswith("${ArtifactPrefix}") and key[17:] in keys, key
        hx = keys[key[17:]].hex()[:16]
        vers = [k for k, v in t.items() if v["Type"] == "AWS::Lambda::Version"
                and v["Properties"]["FunctionName"] == {"Ref": fid}]
        for v in vers:
            assert v == f"{fid}Version{hx}", (v, hx)
            alias = [a for a in t.values() if a["Type"] == "AWS::Lambda::Alias"
                     and a["Properties"]["FunctionName"] == {"Ref": fid}]
            assert alias[0]["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [v, "Version"]}, alias
        if env == "prod" and fid == "ProcessOrderFunction":
            assert vers, "prod's process-order publishes a version"
        body = b[("aws_lambda_function", re.sub(r"(?<!^)(?=[A-Z])", "_", fid[:-len("Function")]).lower())]
        assert f's3_key           = "${{var.artifact_prefix}}{key[17:]}"' in body or \
            re.search(r's3_key\s*=\s*"\$\{var\.artifact_prefix\}' + re.escape(key[17:]) + '"', body), body
        b64 = base64.b64encode(keys[key[17:]]).decode()
        assert re.search(r'source_code_hash\s*=\s*"' + re.escape(b64) + '"', body), (fid, b64)
print(f"{len(keys)} code folders: key, version ID and source_code_hash from each folder's SHA-256")
PY
facts "code hash" "$ref" "$top_srcdir/patterns" <code.py

# a change in one folder: a new key, version and hash for that code only
cp -R "$top_srcdir/patterns" changed
echo "# changed" >>changed/functions/process_order/app.py
if eventc_run build -o changed.out changed/event-driven.ev >build.out 2>&1; then
	facts "changed code" changed.out changed <<'PY'
import sys
from lib import *
a, b = template("ref", "prod"), template(sys.argv[1], "prod")
va = [k for k, v in a.items() if v["Type"] == "AWS::Lambda::Version"]
vb = [k for k, v in b.items() if v["Type"] == "AWS::Lambda::Version"]
assert len(va) == len(vb) == 1 and va != vb, (va, vb)
ka = {k: v["Properties"]["Code"]["S3Key"] for k, v in a.items() if v["Type"] == "AWS::Lambda::Function"}
kb = {k: v["Properties"]["Code"]["S3Key"] for k, v in b.items() if v["Type"] == "AWS::Lambda::Function"}
assert [k for k in ka if ka[k] != kb[k]] == ["ProcessOrderFunction"], (ka, kb)
ta, tb = blocks("ref", "orders"), blocks(sys.argv[1], "orders")
diff = [k for k in ta if ta[k] != tb[k]]
assert diff == [("aws_lambda_function", "process_order")], diff
print(f"{va[0]} becomes {vb[0]}; only process-order's key and hash change")
PY
else
	tap_not_ok "changed code: builds"
	tap_comment <build.out
fi

# the shipped handlers: where code and handler say; the partial-failure
# contract of a consumer with partial_failures = true
facts "handlers" "$top_srcdir/patterns" <<'PY'
import glob, json, os, re, subprocess, sys, types
top = sys.argv[1]
n = 0
for f in sorted(glob.glob(top + "/*.ev")):
    text = open(f).read()
    default_rt = re.search(r'defaults \{.*?function \{[^}]*runtime\s*=\s*"([^"]+)"', text, re.S)
    funcs, cur = [], None
    for line in text.split("\n"):
        m = re.match(r"function ([\w-]+) *\{(.*)$", line)
        if m and m.group(2).rstrip().endswith("}"):
            funcs.append((m.group(1), m.group(2)))
        elif m:
            cur = [m.group(1), m.group(2)]
        elif cur and line.startswith("}"):
            funcs.append(tuple(cur))
            cur = None
        elif cur:
            cur[1] += "\n" + line
    for name, body in funcs:
        code = re.search(r'code\s*=\s*"([^"]+)"', body).group(1)
        module, fn = re.search(r'handler\s*=\s*"([^"]+)"', body).group(1).rsplit(".", 1)
        rt = re.search(r'runtime\s*=\s*"([^"]+)"', body)
        rt = rt.group(1) if rt else default_rt.group(1) if default_rt else "python3.12"
        src = os.path.join(top, code, module + (".py" if rt.startswith("python") else ".js"))
        assert os.path.isfile(src), (name, src)
        text_src = open(src).read()
        assert re.search(r"def %s\(|exports\.%s\b" % (fn, fn), text_src), (name, src, fn)
        if re.search(r"partial_failures\s*=\s*true", body):
            assert "batchItemFailures" in text_src, (name, src)
        n += 1
# process-order reports only the record that fails
sys.modules["boto3"] = types.SimpleNamespace(resource=lambda _: types.SimpleNamespace(
    Table=lambda _: types.SimpleNamespace(put_item=lambda Item: None)))
os.environ["TABLE"] = "t"
sys.path.insert(0, os.path.join(top, "functions/process_order"))
import app
good = {"messageId": "1", "body": json.dumps({"detail": {"orderId": "o1", "amount": 5}})}
bad = {"messageId": "2", "body": "not json"}
r = app.handler({"Records": [good, bad]}, None)
assert r == {"batchItemFailures": [{"itemIdentifier": "2"}]}, r
print(f"{n} functions' handlers where their code and handler say; process-order fails only the bad record")
PY

# ---- build --code=local: folders that the deployment tool zips ----
if eventc_run build --code=local -o local/out "$top_srcdir/patterns/event-driven.ev" >build.out 2>&1; then
	tap_ok "local code: builds"
else
	tap_not_ok "local code: builds"
	tap_comment <build.out
fi
facts "local code" local/out "$ref" "$top_srcdir/patterns" <<'PY'
import json, os, re, sys
from lib import *
out, ref, patterns = sys.argv[1:4]
same = lambda a, b: os.path.realpath(a) == os.path.realpath(b)
folders = set()
for env in ("dev", "staging", "prod"):
    doc = json.load(open(f"{out}/{env}/cloudformation/template.json"))
    bucket = json.load(open(f"{ref}/{env}/cloudformation/template.json"))
    assert not os.path.exists(f"{out}/{env}/cloudformation/artifacts.txt")
    assert "ArtifactBucket" not in doc["Parameters"] and "ArtifactPrefix" not in doc["Parameters"], env
    for k, r in doc["Resources"].items():
        if r["Type"] != "AWS::Lambda::Function":
            continue
        code = r["Properties"]["Code"]
        # aws cloudformation package reads the path from the template's folder
        assert isinstance(code, str) and os.path.isdir(f"{out}/{env}/cloudformation/{code}"), (k, code)
        key = bucket["Resources"][k]["Properties"]["Code"]["S3Key"]["Fn::Sub"]
        folder = re.fullmatch(r"\$\{ArtifactPrefix\}(.+)-[0-9a-f]{16}\.zip", key).group(1)
        assert same(f"{out}/{env}/cloudformation/{code}", f"{patterns}/{folder}"), (k, code, folder)
        folders.add(folder)
        r["Properties"]["Code"] = bucket["Resources"][k]["Properties"]["Code"]
    for p in ("ArtifactBucket", "ArtifactPrefix"):
        del bucket["Parameters"][p]
    # apart from the code and its parameters, the same template (versions too)
    assert doc == bucket, env
mod = f"{out}/terraform/components/terraform/orders"
main = open(f"{mod}/main.tf").read()
archives = dict(re.findall(r'data "archive_file" "(\w+)" \{\n  type        = "zip"\n  source_dir  = "\$\{path.module\}/([^"]+)"\n', main))
assert archives and len(archives) == len(folders), (archives, folders)
for name, src in archives.items():
    assert os.path.isdir(f"{mod}/{src}") and any(same(f"{mod}/{src}", f"{patterns}/{f}") for f in folders), (name, src)
fns = [b for (t, _), b in blocks(out, "orders").items() if t == "aws_lambda_function"]
for b in fns:
    m = re.search(r"filename += data\.archive_file\.(\w+)\.output_path\n", b)
    assert m and m.group(1) in archives and "s3_bucket" not in b, b
    assert re.search(rf"source_code_hash += data\.archive_file\.{m.group(1)}\.output_base64sha256\n", b), b
assert 'source  = "hashicorp/archive"' in open(f"{mod}/versions.tf").read()
assert "artifact_bucket" not in open(f"{mod}/variables.tf").read() and "artifact" not in tfvars(out, "prod")
assert open(f"{mod}/.gitignore").read() == ".code/\n"
assert not os.path.exists(f"{out}/terraform/artifacts.txt")
print(f"{len(fns)} Terraform functions from {len(archives)} archive_file folders; CloudFormation Code "
      "paths that package reads, each template otherwise the bucket build's")
PY

tap_plan "$tap_count"
tap_done
