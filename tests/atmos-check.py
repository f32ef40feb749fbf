#!/usr/bin/python3
"""atmos-check.py - the Atmos files eventc writes, parsed back and checked
against Atmos's own JSON Schemas (../shared/schemas, see its README):
atmos.yaml against atmos-config-1.0.json, every stack manifest and the
workflow file against atmos-manifest-1.0.json.

    atmos-check.py SCHEMA_DIR TERRAFORM_DIR

Prints `FILE: PATH: message` per problem; exit 0 when valid, 1 when not,
2 on a usage error. Atmos YAML tags (!include ...) are read as strings, as
the schemas' README does."""
import json
import os
import sys

import jsonschema
import yaml

yaml.SafeLoader.add_multi_constructor("!", lambda loader, tag, node: "!" + tag + " " + loader.construct_scalar(node))


def leaves(e):
    return [x for c in e.context for x in leaves(c)] if e.context else [e]


def check(schema_path, path):
    schema = json.load(open(schema_path))
    doc = yaml.safe_load(open(path))
    cls = jsonschema.validators.validator_for(schema)
    errs = [max(leaves(e), key=lambda x: (len(x.absolute_path), x.validator not in ("type", "pattern")))
            for e in cls(schema).iter_errors(doc)]
    for e in errs:
        print(f"{path}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}")
    return len(errs)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    schemas, tf = argv
    n = check(os.path.join(schemas, "atmos-config-1.0.json"), os.path.join(tf, "atmos.yaml"))
    stacks = os.path.join(tf, "stacks")
    for f in sorted(os.listdir(stacks)):
        if f.endswith(".yaml"):
            n += check(os.path.join(schemas, "atmos-manifest-1.0.json"), os.path.join(stacks, f))
    n += check(os.path.join(schemas, "atmos-manifest-1.0.json"), os.path.join(stacks, "workflows", "patterns.yaml"))
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
