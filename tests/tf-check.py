#!/usr/bin/env python3
"""tf-check.py - every .tf file parsed by HashiCorp's HCL parser and every
resource and data block checked against the hashicorp/aws provider schema.

    tf-check.py [--schema FILE] [--node-modules DIR] DIR_OR_FILE...
    tf-check.py [--schema FILE] --describe TYPE   (data.TYPE for a data source)

Each DIR is searched for *.tf files, recursively (not under .terraform/).
Each file is parsed with @cdktf/hcl2json (HCL's own Go parser, built to
WebAssembly); a parse error is reported with the file's name and position.
Then every `resource`, `data` and `provider "aws"` block is checked against
the schema that tests/tf-schema.py derives from @cdktf/provider-aws:
  - the type exists in hashicorp/aws (or is Terraform's own terraform_data);
  - every attribute and nested block is an argument there, at that level
    (meta-arguments count, for_each, depends_on, provider, lifecycle and,
    for resources, provisioner and connection are allowed at the top;
    `dynamic "NAME"` stands for a block NAME); computed-only attributes
    cannot be set;
  - every required argument is there: a required attribute (an expression
    or variable counts), a block with min_items >= 1 (a dynamic block
    counts); a block with max_items = 1 is not repeated; a block is written
    as a block, not as `NAME = {...}`;
  - nested blocks are checked the same way, recursively;
  - top-level block kinds are Terraform's, and no TYPE.NAME is declared
    twice in one folder (module).
What it cannot see: hcl2json turns `NAME = [{...}]` and a repeated block
`NAME {...}` into the same JSON, so a block written as a list of objects
passes; values and their types, references and functions are not checked
(`terraform validate` does that, with the provider installed).

Problems are printed as `FILE: resource TYPE.NAME: message` (or
`FILE: message` for the file as a whole), and the exit status is 1 if there
is any; 2 on a usage or setup error (validators not installed: run `npm ci`
in tests/validators). The schema is cached in --schema FILE (default: a
file in the temporary folder named after the package version), derived
again only when the package or tests/tf-schema.py changed.
"""

import argparse
import difflib
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

NODE_PARSE = r"""
const fs = require('fs');
const path = require('path');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
let hcl2json;
try {
  hcl2json = require(path.join(input.node_modules, '@cdktf', 'hcl2json'));
} catch (e) {
  process.stderr.write('cannot load @cdktf/hcl2json: ' + e.message + '\n');
  process.exit(3);
}
(async () => {
  const out = {};
  for (const f of input.files) {
    try {
      out[f] = { json: await hcl2json.parse(f, fs.readFileSync(f, 'utf8')) };
    } catch (e) {
      out[f] = { error: String(e && e.message ? e.message : e) };
    }
  }
  // exit once written: the Go runtime would keep node alive
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
})().catch((e) => { process.stderr.write(String(e) + '\n'); process.exit(4); });
"""

TOP_LEVEL = {
    "terraform", "provider", "variable", "output", "locals", "module", "resource", "data",
    "moved", "import", "check", "removed", "ephemeral",
}
META = {
    "resource": {"count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"},
    "data": {"count", "for_each", "depends_on", "provider", "lifecycle"},
    "provider": {"alias", "version"},
}
LIFECYCLE = {
    "resource": {"create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by",
                 "precondition", "postcondition"},
    "data": {"precondition", "postcondition"},
}
DYNAMIC_KEYS = {"for_each", "iterator", "labels", "content"}
# Terraform's built-in resource (provider terraform.io/builtin/terraform).
BUILTIN = {
    "terraform_data": {"attributes": {"input": {"required": False}, "triggers_replace": {"required": False}},
                       "blocks": {}, "computed": ["id", "output"]},
}


class SetupError(Exception):
    pass


def load_tf_schema_module():
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    spec = importlib.util.spec_from_file_location("tf_schema", os.path.join(HERE, "tf-schema.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def is_expr(v):
    return isinstance(v, str)


def suggest(name, names):
    m = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    return " (did you mean %s?)" % m[0] if m else ""


class Checker:
    def __init__(self, schema):
        self.schema = schema
        self.structs = schema["structs"]
        self.problems = []

    def report(self, file, what, msg):
        self.problems.append("%s: %s%s" % (file, what + ": " if what else "", msg))

    def where_else(self, block, name, depth=0, path=()):
        """The nested blocks of block in which name is an argument."""
        found = []
        if depth > 3:
            return found
        for bname, b in sorted(block["blocks"].items()):
            sub = self.structs.get(b["block"]) or {"attributes": {}, "blocks": {}}
            p = path + (bname,)
            if name in sub["attributes"] or name in sub["blocks"]:
                found.append(".".join(p))
            found += self.where_else(sub, name, depth + 1, p)
        for aname, a in sorted(block["attributes"].items()):
            if "nested" in a:
                sub = self.structs.get(a["nested"]["block"]) or {"attributes": {}, "blocks": {}}
                p = path + (aname,)
                if name in sub["attributes"] or name in sub["blocks"]:
                    found.append(".".join(p))
        return found

    def unknown(self, ctx, block, name, root):
        known = set(block["attributes"]) | set(block["blocks"])
        if name in block.get("computed", ()):
            return "%s is computed by the provider (read-only) and cannot be set" % name
        msg = "unknown argument %s%s" % (name, suggest(name, known))
        if root is not None:
            elsewhere = [p for p in self.where_else(root, name) if p != ctx]
            if elsewhere:
                msg += "; it is an argument of %s" % " and of ".join(elsewhere[:3])
        return msg

    def check_body(self, file, what, ctx, body, block, kind=None, root=None):
        """body: one block's JSON object; block: its schema; kind: resource,
        data or provider at the top level, None for nested blocks; ctx: the
        nested path, for messages."""
        prefix = (ctx + ": ") if ctx else ""
        if not isinstance(body, dict):
            self.report(file, what, "%sexpected a block body, found %s" % (prefix, json.dumps(body)[:60]))
            return
        attrs, blocks = block["attributes"], block["blocks"]
        meta = META.get(kind, set())
        dynamic = set()
        for key in sorted(body):
            val = body[key]
            if key == "dynamic":
                if not isinstance(val, dict):
                    self.report(file, what, "%sdynamic needs a label: dynamic \"NAME\" { ... }" % prefix)
                    continue
                for dname, dlist in sorted(val.items()):
                    dynamic.add(dname)
                    self.check_dynamic(file, what, ctx, dname, dlist, block, root)
            elif key in meta:
                if key == "lifecycle" and kind in LIFECYCLE:
                    for lc in val if isinstance(val, list) else [val]:
                        if isinstance(lc, dict):
                            for k in sorted(set(lc) - LIFECYCLE[kind]):
                                self.report(file, what, "lifecycle: unknown argument %s%s"
                                            % (k, suggest(k, LIFECYCLE[kind])))
            elif key in attrs:
                a = attrs[key]
                if a.get("required") and val is None:
                    self.report(file, what, "%srequired argument %s is null" % (prefix, key))
                if "nested" in a:
                    self.check_nested_attr(file, what, ctx, key, val, a["nested"], root)
            elif key in blocks:
                self.check_block(file, what, ctx, key, val, blocks[key], root)
            else:
                self.report(file, what, prefix + self.unknown(ctx, block, key, root))
        for name in sorted(attrs):
            if attrs[name].get("required") and name not in body:
                self.report(file, what, "%smissing required argument %s" % (prefix, name))
        for name in sorted(blocks):
            b = blocks[name]
            if b.get("min_items", 0) >= 1 and name not in body and name not in dynamic:
                self.report(file, what, "%smissing required block %s { ... }" % (prefix, name))

    def sub(self, ref):
        s = self.structs.get(ref)
        return s if s is not None else {"attributes": {}, "blocks": {}}

    def check_block(self, file, what, ctx, name, val, b, root):
        path = (ctx + "." if ctx else "") + name
        if isinstance(val, dict) or is_expr(val):
            self.report(file, what, "%s is a block: write %s { ... }%s, not %s = ..."
                        % (path, name, " or a dynamic block" if is_expr(val) else "", name))
            return
        if not isinstance(val, list):
            self.report(file, what, "%s is a block: write %s { ... }" % (path, name))
            return
        if b.get("max_items") == 1 and len(val) > 1:
            self.report(file, what, "%s: at most one %s block is allowed, found %d" % (path, name, len(val)))
        s = self.sub(b["block"])
        for i, el in enumerate(val):
            p = path if len(val) == 1 else "%s[%d]" % (path, i)
            self.check_body(file, what, p, el, s, None, root)

    def check_nested_attr(self, file, what, ctx, name, val, n, root):
        path = (ctx + "." if ctx else "") + name
        s = self.sub(n["block"])
        if val is None or is_expr(val):
            return
        nesting = n["nesting"]
        if nesting == "single":
            if isinstance(val, dict):
                self.check_body(file, what, path, val, s, None, root)
            else:
                self.report(file, what, "%s is an attribute holding one object: write %s = { ... }" % (path, name))
        elif nesting == "map":
            if isinstance(val, dict):
                for k, v in sorted(val.items()):
                    if not is_expr(v):
                        self.check_body(file, what, "%s[%s]" % (path, json.dumps(k)), v, s, None, root)
            else:
                self.report(file, what, "%s is a map of objects: write %s = { KEY = { ... } }" % (path, name))
        else:
            if isinstance(val, list):
                for i, el in enumerate(val):
                    if not is_expr(el):
                        p = path if len(val) == 1 else "%s[%d]" % (path, i)
                        self.check_body(file, what, p, el, s, None, root)
            else:
                self.report(file, what, "%s is a %s of objects: write %s = [{ ... }] or %s { ... } blocks"
                            % (path, nesting, name, name))

    def check_dynamic(self, file, what, ctx, name, dlist, block, root):
        path = (ctx + "." if ctx else "") + "dynamic \"%s\"" % name
        target = None
        if name in block["blocks"]:
            target = self.sub(block["blocks"][name]["block"])
        elif name in block["attributes"] and "nested" in block["attributes"][name]:
            target = self.sub(block["attributes"][name]["nested"]["block"])
        else:
            self.report(file, what, "%s: %s" % (path, self.unknown(ctx, block, name, root)))
            return
        for d in dlist if isinstance(dlist, list) else [dlist]:
            if not isinstance(d, dict):
                continue
            for k in sorted(set(d) - DYNAMIC_KEYS):
                self.report(file, what, "%s: unknown argument %s%s" % (path, k, suggest(k, DYNAMIC_KEYS)))
            for k in ("for_each", "content"):
                if k not in d:
                    self.report(file, what, "%s: missing %s" % (path, k))
            content = d.get("content")
            if isinstance(content, list):
                if len(content) != 1:
                    self.report(file, what, "%s: exactly one content block is needed" % path)
                for c in content:
                    self.check_body(file, what, (ctx + "." if ctx else "") + name, c, target, None, root)

    def check_file(self, file, doc, declared, per_file=False):
        if not isinstance(doc, dict):
            self.report(file, "", "unexpected hcl2json output")
            return
        moddir = os.path.abspath(file) if per_file else os.path.dirname(os.path.abspath(file))
        for top in sorted(doc):
            if top not in TOP_LEVEL:
                self.report(file, "", "unknown top-level block %s%s" % (top, suggest(top, TOP_LEVEL)))
        for kind in ("resource", "data"):
            table = self.schema[kind]
            for tftype, named in sorted((doc.get(kind) or {}).items()):
                for name, bodies in sorted(named.items()):
                    what = "%s %s.%s" % (kind, tftype, name)
                    bodies = bodies if isinstance(bodies, list) else [bodies]
                    key = (moddir, kind, tftype, name)
                    if len(bodies) > 1:
                        self.report(file, what, "declared twice in this file")
                    elif key in declared:
                        self.report(file, what, "declared again (first in %s)" % declared[key])
                    declared.setdefault(key, file)
                    block = table.get(tftype) or (BUILTIN.get(tftype) if kind == "resource" else None)
                    if block is None:
                        self.report(file, what, "unknown %s type %s in hashicorp/aws %s%s"
                                    % ("resource" if kind == "resource" else "data source",
                                       tftype, self.schema["provider_version"], suggest(tftype, table)))
                        continue
                    for body in bodies:
                        self.check_body(file, what, "", body, block, kind, block)
        prov = self.schema.get("provider_block")
        for pname, bodies in sorted((doc.get("provider") or {}).items()):
            if pname != "aws" or prov is None:
                continue
            for body in bodies if isinstance(bodies, list) else [bodies]:
                self.check_body(file, 'provider "aws"', "", body, prov, "provider", prov)


def find_tf(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for d, subdirs, names in os.walk(p):
                subdirs[:] = sorted(s for s in subdirs if s != ".terraform")
                found += [os.path.join(d, n) for n in names if n.endswith(".tf")]
            if not found:
                raise SetupError("no .tf file under %s" % p)
            files += sorted(found)
        elif os.path.isfile(p):
            files.append(p)
        else:
            raise SetupError("%s: no such file or folder" % p)
    return files


def parse_cache_path(files, node_modules):
    """Where EVENTC_HCL_CACHE (a folder) keeps the parse of these files,
    named by a hash of their names and contents and of node_modules: the
    test scripts that ask many questions of one build (security.sh,
    delivery.sh) parse its module once rather than once a question. None
    when the variable is unset."""
    cache = os.environ.get("EVENTC_HCL_CACHE")
    if not cache:
        return None
    h = hashlib.sha256(os.path.abspath(node_modules).encode())
    for f in files:
        h.update(b"\0" + f.encode() + b"\0")
        with open(f, "rb") as fh:
            h.update(hashlib.sha256(fh.read()).digest())
    return os.path.join(cache, h.hexdigest() + ".json")


def parse_all(files, node_modules, timeout):
    cached = parse_cache_path(files, node_modules)
    if cached and os.path.exists(cached):
        with open(cached) as fh:
            return json.load(fh)
    parsed = parse_all_uncached(files, node_modules, timeout)
    if cached:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        tmp = "%s.%d" % (cached, os.getpid())
        with open(tmp, "w") as fh:
            json.dump(parsed, fh)
        os.replace(tmp, cached)
    return parsed


def parse_all_uncached(files, node_modules, timeout):
    node = shutil.which("node")
    if node is None:
        raise SetupError("node is not installed")
    req = json.dumps({"node_modules": os.path.abspath(node_modules), "files": files})
    try:
        r = subprocess.run([node, "-e", NODE_PARSE], input=req, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SetupError("hcl2json took more than %ds" % timeout)
    if r.returncode != 0:
        raise SetupError("hcl2json failed (exit %d): %s" % (r.returncode, r.stderr.strip()[:2000]))
    return json.loads(r.stdout)


def describe(schema, what):
    kind, tftype = ("data", what[5:]) if what.startswith("data.") else ("resource", what)
    block = schema[kind].get(tftype)
    if block is None:
        print("unknown %s %s%s" % (kind, tftype, suggest(tftype, schema[kind])), file=sys.stderr)
        return 1
    print("%s %s (hashicorp/aws %s, @cdktf/provider-aws %s)"
          % (kind, tftype, schema["provider_version"], schema["package_version"]))

    def show(b, indent, seen):
        pad = "  " * indent
        for n, a in sorted(b["attributes"].items()):
            req = "required" if a.get("required") else "optional"
            if "nested" in a:
                nn = a["nested"]
                print("%s%s = %s of objects, %s" % (pad, n, nn["nesting"], req))
                if nn["block"] not in seen:
                    show(schema["structs"].get(nn["block"]) or {"attributes": {}, "blocks": {}},
                         indent + 1, seen | {nn["block"]})
            else:
                print("%s%s (%s)" % (pad, n, req))
        for n, bl in sorted(b["blocks"].items()):
            print("%s%s { } block, %s, min %d, max %s" % (pad, n, bl["nesting"], bl["min_items"],
                                                         bl["max_items"] if bl["max_items"] else "-"))
            if bl["block"] in seen:
                print("%s  (recursive)" % pad)
            else:
                show(schema["structs"].get(bl["block"]) or {"attributes": {}, "blocks": {}},
                     indent + 1, seen | {bl["block"]})
        if b.get("computed"):
            print("%scomputed: %s" % (pad, ", ".join(b["computed"])))

    show(block, 1, frozenset())
    return 0


def lookup(schema, kind, tftype, path):
    """What path (a.b.c through nested blocks and object attributes) is in
    TYPE: required, optional, computed or absent, and for a block its
    nesting and item limits."""
    block = schema[kind].get(tftype)
    if block is None:
        return {"absent"}
    parts = path.split(".")
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        if p in block["blocks"]:
            b = block["blocks"][p]
            if last:
                out = {"block", b["nesting"], "min%d" % b["min_items"]}
                out.add("max%d" % b["max_items"] if b["max_items"] else "maxN")
                out.add("required" if b["min_items"] else "optional")
                return out
            block = schema["structs"].get(b["block"]) or {"attributes": {}, "blocks": {}}
        elif p in block["attributes"]:
            a = block["attributes"][p]
            if last:
                out = {"attribute", "required" if a.get("required") else "optional"}
                if "nested" in a:
                    out |= {"object", a["nested"]["nesting"]}
                return out
            if "nested" not in a:
                return {"absent"}
            block = schema["structs"].get(a["nested"]["block"]) or {"attributes": {}, "blocks": {}}
        else:
            return {"computed"} if last and p in block.get("computed", ()) else {"absent"}
    return {"absent"}


def check_shapes(schema, path):
    """Lines `resource|data TYPE ARG.PATH WORD...`: each WORD must hold."""
    bad = 0
    n = 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            kind, tftype, arg, words = line[0], line[1], line[2], line[3:]
            n += 1
            got = lookup(schema, kind, tftype, arg)
            missing = [w for w in words if w not in got]
            if missing:
                bad += 1
                print("%s:%d: %s %s %s: expected %s, the schema says %s"
                      % (path, lineno, kind, tftype, arg, " ".join(missing), " ".join(sorted(got))))
    if not bad:
        print("tf-check.py: %d shapes as expected (hashicorp/aws %s)" % (n, schema["provider_version"]))
    return 1 if bad else 0


def default_node_modules():
    env = os.environ.get("EVENTC_VALIDATORS")
    if env:
        return os.path.join(env, "node_modules")
    return os.path.join(HERE, "validators", "node_modules")


def main(argv):
    ap = argparse.ArgumentParser(
        description="Parse .tf files with HCL's parser and check resources against the hashicorp/aws schema.")
    ap.add_argument("paths", nargs="*", metavar="DIR_OR_FILE")
    ap.add_argument("--schema", help="schema cache file (made or refreshed as needed)")
    ap.add_argument("--node-modules", default=default_node_modules(),
                    help="where @cdktf/hcl2json and @cdktf/provider-aws are (tests/validators/node_modules)")
    ap.add_argument("--describe", metavar="TYPE", help="print what the schema says of TYPE (data.TYPE) and exit")
    ap.add_argument("--check-shapes", metavar="FILE",
                    help="check the schema against FILE's lines `resource TYPE ARG.PATH required|optional|block|max1...`")
    ap.add_argument("--timeout", type=int, default=120, help="seconds for parsing all files (default 120)")
    ap.add_argument("--per-file", action="store_true",
                    help="take each file as a module of its own (for duplicate declarations)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print nothing when all is well")
    args = ap.parse_args(argv)
    if not args.paths and not args.describe and not args.check_shapes:
        ap.print_usage(sys.stderr)
        print("tf-check.py: give .tf files or folders", file=sys.stderr)
        return 2
    try:
        nm = args.node_modules
        for pkg in ("hcl2json", "provider-aws"):
            if not os.path.isfile(os.path.join(nm, "@cdktf", pkg, "package.json")):
                raise SetupError("@cdktf/%s is not installed in %s: run `npm ci` in tests/validators" % (pkg, nm))
        files = find_tf(args.paths) if not (args.describe or args.check_shapes) else []
        tfs = load_tf_schema_module()
        cache = args.schema
        if not cache:
            version = tfs.package_info(nm)[0]
            cache = os.path.join(tempfile.gettempdir(),
                                 "eventc-tf-schema-%d-%s.json" % (os.getuid(), version))
        schema = tfs.load_or_derive(cache, nm)
        if args.describe:
            return describe(schema, args.describe)
        if args.check_shapes:
            return check_shapes(schema, args.check_shapes)
        parsed = parse_all(files, nm, args.timeout)
    except SetupError as e:
        print("tf-check.py: %s" % e, file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError) as e:
        print("tf-check.py: setup failed: %s" % e, file=sys.stderr)
        return 2
    checker = Checker(schema)
    declared = {}
    nres = 0
    for f in files:
        res = parsed.get(f, {"error": "not parsed"})
        if "error" in res:
            checker.report(f, "", "HCL parse error: %s" % res["error"])
            continue
        doc = res["json"]
        nres += sum(len(v) for k in ("resource", "data") for v in (doc.get(k) or {}).values())
        checker.check_file(f, doc, declared, args.per_file)
    for p in checker.problems:
        print(p)
    if checker.problems:
        print("tf-check.py: %d problem(s) in %d file(s)" % (len(checker.problems), len(files)), file=sys.stderr)
        return 1
    if not args.quiet:
        print("tf-check.py: %d file(s), %d resource and data block(s): ok (hashicorp/aws %s)"
              % (len(files), nres, schema["provider_version"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
