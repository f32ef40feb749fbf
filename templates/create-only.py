#!/usr/bin/python3
"""Writes templates/create-only.json, the properties whose change makes
CloudFormation replace a resource, for the resource types eventc plans.

It is derived from AWS's CloudFormation resource-provider schemas (the
registry schemas as cfn-lint v1.42.1 bundles them, see
shared/cfn-schemas/SOURCE.txt): each type's `createOnlyProperties`, and its
`conditionalCreateOnlyProperties` (a change that "may" replace: eventc
cannot tell the condition, so it counts them too; for AWS::DynamoDB::Table
it is KeySchema, which DynamoDB cannot change in place); a type the
bundled set has no schema for is in WITHOUT_SCHEMA below, from its
CloudFormation User Guide page. JSON pointers
"/properties/A/B" become property paths "A.B". The types are those of
src/plan/replace.c's table of AWS type names.

usage: templates/create-only.py [SCHEMAS_DIR] > templates/create-only.json
SCHEMAS_DIR defaults to ../shared/cfn-schemas beside the source tree. tests/diff.sh checks the committed file
against this script's output when the schemas are there."""
import json
import os
import re
import sys

here = os.path.dirname(os.path.realpath(__file__))
top = os.path.dirname(here)
schemas = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "..", "shared", "cfn-schemas")
with open(os.path.join(top, "src", "plan", "replace.c")) as f:
    types = sorted(set(re.findall(r'"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"', f.read())))


def paths(pointers):
    out = []
    for p in pointers or []:
        assert p.startswith("/properties/"), p
        out.append(".".join(p[len("/properties/"):].split("/")))
    return out


# Types whose schema the bundled set lacks, from their CloudFormation
# User Guide page ("Update requires: Replacement"); the registry schema of
# AWS::Logs::LogStream lists the same two as createOnlyProperties.
WITHOUT_SCHEMA = {
    "AWS::Logs::LogStream": ["LogGroupName", "LogStreamName"],
    # Name is "Update requires: Replacement" on AWS::Kinesis::Stream's page
    "AWS::Kinesis::Stream": ["Name"],
    # the function and the version or alias it configures identify it
    # (its primary identifier, FunctionName and Qualifier)
    "AWS::Lambda::EventInvokeConfig": ["FunctionName", "Qualifier"],
    # the registry schemas of these (as cfn-lint v1.51.5 bundles them) list
    # Name alone as createOnlyProperties, as their User Guide pages say
    "AWS::Events::ApiDestination": ["Name"],
    "AWS::Events::Connection": ["Name"],
    "AWS::Scheduler::Schedule": ["Name"],
    "AWS::Scheduler::ScheduleGroup": ["Name"],
}

table = {}
for t in types:
    name = t.lower().replace("::", "-") + ".json"
    if not os.path.exists(os.path.join(schemas, name)) and t in WITHOUT_SCHEMA:
        table[t] = {"createOnly": WITHOUT_SCHEMA[t], "conditional": []}
        continue
    with open(os.path.join(schemas, name)) as f:
        s = json.load(f)
    assert s["typeName"] == t, name
    table[t] = {
        "createOnly": paths(s.get("createOnlyProperties")),
        "conditional": paths(s.get("conditionalCreateOnlyProperties")),
    }
doc = {
    "description": "Properties whose change makes CloudFormation replace the resource, from AWS's "
                   "resource-provider schemas (createOnlyProperties and conditionalCreateOnlyProperties, "
                   "as cfn-lint v1.42.1 bundles them). Written by templates/create-only.py; do not edit.",
    "types": table,
}
json.dump(doc, sys.stdout, indent=2)
sys.stdout.write("\n")
