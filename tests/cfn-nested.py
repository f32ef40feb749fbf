#!/usr/bin/env python3
"""cfn-nested.py DIR MIN - a split CloudFormation build (DIR: its
cloudformation folder) as CloudFormation takes it: a parent of nested
stacks only, each template within 500 resources, 200 parameters, 200
outputs and 1,000,000 bytes, every parameter passed and read from an
output that exists, no DependsOn that a GetAtt enforces already, and at
least MIN resources in all. Prints what is wrong, or a summary line."""
import json, os, sys
d = sys.argv[1]
parent = json.load(open(os.path.join(d, "template.json")))
bad = []
stacks = {k: r for k, r in parent["Resources"].items() if r["Type"] == "AWS::CloudFormation::Stack"}
if len(stacks) < 2 or len(stacks) != len(parent["Resources"]):
    bad.append(f"parent holds {len(parent['Resources'])} resources, {len(stacks)} of them stacks")
children = {}
for k, r in stacks.items():
    url = r["Properties"]["TemplateURL"]
    child = json.load(open(os.path.join(d, url)))
    children[k] = child
    for what, lim in (("Resources", 500), ("Parameters", 200), ("Outputs", 200)):
        if len(child.get(what, {})) > lim:
            bad.append(f"{url}: {len(child[what])} {what}")
    # a stack waits for another through the outputs it reads already: a
    # DependsOn on it as well is cfn-lint's W3005
    read = {v["Fn::GetAtt"][0] for v in r["Properties"].get("Parameters", {}).values() if "Fn::GetAtt" in v}
    deps = r.get("DependsOn", [])
    for dep in [deps] if isinstance(deps, str) else deps:
        if dep in read:
            bad.append(f"{k}: DependsOn {dep}, which a GetAtt of its outputs enforces already")
# CloudFormation's quotas for every template, the parent's too (the
# template body in S3 is at most 1,000,000 bytes: cfn-lint E1002)
for name in ["template.json"] + [r["Properties"]["TemplateURL"] for r in stacks.values()]:
    size = os.path.getsize(os.path.join(d, name))
    if size > 1000000:
        bad.append(f"{name}: {size} bytes, past CloudFormation's 1,000,000")
for what, lim in (("Resources", 500), ("Parameters", 200), ("Outputs", 200)):
    if len(parent.get(what, {})) > lim:
        bad.append(f"template.json: {len(parent[what])} {what}")
    # every parameter the child declares is passed, and nothing else
    if set(child.get("Parameters", {})) != set(r["Properties"].get("Parameters", {})):
        bad.append(f"{url}: parameters passed differ from those declared")
for k, r in stacks.items():
    for name, v in r["Properties"].get("Parameters", {}).items():
        if "Fn::GetAtt" in v:
            src, out = v["Fn::GetAtt"]
            if src not in children or out.split(".", 1)[1] not in children[src].get("Outputs", {}):
                bad.append(f"{k}: parameter {name} reads a missing output {src}.{out}")
        elif v.get("Ref") not in parent.get("Parameters", {}):
            bad.append(f"{k}: parameter {name} from unknown {v}")
total = sum(len(c["Resources"]) for c in children.values())
if total < int(sys.argv[2]):
    bad.append(f"only {total} resources in all")
for b in bad:
    print(b)
largest = max(os.path.getsize(os.path.join(d, n)) for n in os.listdir(d) if n.endswith(".json"))
print(f"{len(children)} nested stacks, {total} resources, the largest template {largest} bytes")
sys.exit(1 if bad else 0)
