#!/usr/bin/env python3
"""tf-schema.py - derive the hashicorp/aws argument schema from the installed
npm package @cdktf/provider-aws (tests/validators/node_modules), for
tests/tf-check.py.

    tf-schema.py [--node-modules DIR] [-o FILE] [--stats]

Writes JSON (to FILE, atomically, or to standard output):

    {"format": 1, "key": ..., "package_version": "21.22.1",
     "provider_version": "6.25.0", "provider": "registry.terraform.io/hashicorp/aws",
     "resource": {TYPE: BLOCK}, "data": {TYPE: BLOCK}, "provider_block": BLOCK,
     "structs": {REF: BLOCK}}

    BLOCK = {"attributes": {NAME: ATTR}, "blocks": {NAME: NESTED},
             "computed": [NAME...]}        (computed: top level only)
    ATTR = {"required": bool}              a plain attribute, or with
           "nested": NESTED                an attribute of object type
           (x = { ... } / x = [{ ... }]), whose keys are checked too
    NESTED = {"nesting": "single"|"list"|"set"|"map", "min_items": 0|1,
              "max_items": 1|null, "block": REF}

Where it comes from. cdktf generated one folder per resource and data source
under lib/ from the provider's schema (`terraform providers schema -json`):
  - lib/X/index.js (and lib/X/index-structs/*.js): the class's
    synthesizeHclAttributes() and one XxxToHclTerraform(struct) function per
    nested block or object; each lists every argument by its Terraform name
    with the expression that reads the camelCase property, whether it is a
    block, and its collection type. `X.tfResourceType = "aws_..."` and
    `extends cdktf.TerraformResource/TerraformDataSource` give the type and
    its kind. This is the code cdktf itself runs to write HCL, so the names
    are exact. Computed-only attributes are not arguments there; their names
    are read from the class's getters (getStringAttribute('arn') ...).
  - lib/X/index.d.ts: the config interfaces; a property without `?` is
    required (cdktf: a required attribute, or a list/set block with
    min_items >= 1). A block's property is documented "NAME block"; an
    attribute of object type (plugin-framework nested attribute) carries the
    provider's own description, which tells the two apart.
  - max_items = 1: a list/set block that index.js converts as one struct
    (fooToHclTerraform(...)) rather than through listMapperHcl(...).
The provider's own block (`provider "aws"`) is derived the same way. The
required flags read from index.d.ts agree with the jsii assembly (.jsii,
130 MB, slower to read) on all 34,252 struct properties of 21.22.1.
Known gaps, inherited from cdktf's generator: min_items above 1 and
max_items other than 1 are not recorded; a "single"-nesting block is
required by cdktf when all its attributes are, which is not the provider's
rule, so here it is never required (min_items 0); an optional+computed
attribute named arn is dropped by cdktf (then unknown here); of two
attributes whose names camel-case alike, cdktf keeps one; ephemeral
resources and provider functions are not covered. Run with --stats for the
counts of what could not be matched.
"""

import hashlib
import json
import os
import re
import sys
import tempfile
import time

FORMAT = 1

# Each argument in a ToHclTerraform function or synthesizeHclAttributes():
#     NAME: {
#         value: EXPR,
#         isBlock: true|false,
#         type: "simple|list|set|map|struct",
#         storageClassType: "...",
#     },
# Searched from its literal middle, which is fast on ~200 MB of code.
ENTRY_RE = re.compile(r"isBlock: (true|false),\n +type: \"(\w+)\",\n +storageClassType: \"(\w*)\",\n +\},\n")
NAME_LINE_RE = re.compile(r"^ +(\w+): \{$")
VALUE_LINE_RE = re.compile(r"^ +value: (.*),$")
CLASS_RE = re.compile(r"\nclass (\w+) extends cdktf\.(TerraformResource|TerraformDataSource|TerraformProvider) \{\n")
TFTYPE_RE = re.compile(r'\n(\w+)\.tfResourceType = "([^"]+)";\n')
GETATTR_RE = re.compile(r"this\.get\w*Attribute\(['\"](\w+)['\"]\)|new \w+\(this, \"(\w+)\"")
FNREF_RE = re.compile(r"([\w.]+\.)?(\w+)ToHclTerraform\b")
PROP_RE = re.compile(r"this\._(\w+)|struct\.(\w+)")

IFACE_RE = re.compile(r"^export interface (\w+)(?: extends [^{]+)? \{\n(.*?)^\}$", re.M | re.S)
PROPERTY_RE = re.compile(r"(?:^    /\*\*\n((?:^    \*.*\n)*?)^    \*/\n)?^    readonly (\w+)(\??):", re.M)
FNDECL_RE = re.compile(r"^export declare function (\w+)ToHclTerraform\(struct\?: ([^)]*)\): any;$", re.M)
CTOR_RE = re.compile(r"^    constructor\(scope: Construct, id: string, config\??: (\w+)\);$", re.M)


def package_dir(node_modules):
    return os.path.join(node_modules, "@cdktf", "provider-aws")


def package_info(node_modules):
    """(package version, provider source, provider version) of the installed
    package, or an exception if it is not there."""
    with open(os.path.join(package_dir(node_modules), "package.json"), encoding="utf-8") as f:
        meta = json.load(f)
    prov = meta.get("cdktf", {}).get("provider", {})
    return meta["version"], prov.get("name", "?"), prov.get("version", "?")


def generator_key(node_modules):
    """What a cached schema must match: the package's version and this
    script's own text."""
    with open(__file__, "rb") as f:
        me = hashlib.sha256(f.read()).hexdigest()[:16]
    version, _, pversion = package_info(node_modules)
    return "provider-aws %s (aws %s) tf-schema %s/%d" % (version, pversion, me, FORMAT)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def lower_first(s):
    return s[:1].lower() + s[1:]


def parse_dts(text, ifaces, fn_iface, ctor):
    for m in IFACE_RE.finditer(text):
        props = {}
        for p in PROPERTY_RE.finditer(m.group(2)):
            doc, name, opt = p.group(1) or "", p.group(2), p.group(3)
            first = ""
            for line in doc.splitlines():
                line = line.strip().lstrip("*").strip()
                if line:
                    first = line
                    break
            props[name] = {"optional": opt == "?", "doc_block": first.endswith(" block")}
        ifaces[m.group(1)] = props
    for m in FNDECL_RE.finditer(text):
        cands = [t.strip() for t in m.group(2).split("|")]
        cands = [t for t in cands if not t.startswith("cdktf.") and not t.endswith("OutputReference")]
        if cands:
            fn_iface[m.group(1)] = cands[0]
    for m in CTOR_RE.finditer(text):
        ctor.append(m.group(1))


def headers(text):
    """(position, function name or None for synthesizeHclAttributes) of
    every function that lists arguments, in order."""
    out = []
    for needle in ("ToHclTerraform(struct) {\n", "    synthesizeHclAttributes() {\n"):
        i = text.find(needle)
        while i >= 0:
            if needle[0] == "T":
                start = text.rfind("\n", 0, i) + 1
                line = text[start:i]
                if line.startswith("function "):
                    out.append((start, line[len("function "):]))
            else:
                out.append((i, None))
            i = text.find(needle, i + 1)
    out.sort(key=lambda h: h[0])
    return out


def parse_js(text, sections, classes):
    """sections: {fn name or ("class", name): [(tfname, value, isBlock,
    type, storageClassType)]}; classes: {name: {kind, type, getters}}"""
    heads = headers(text)
    cls = [(m.start(), m.group(1), m.group(2)) for m in CLASS_RE.finditer(text)]
    for pos, name, kind in cls:
        end = text.find("\nexports.%s = %s;" % (name, name), pos)
        body = text[pos : end if end > 0 else len(text)]
        names = set()
        for g in GETATTR_RE.finditer(body):
            names.add(g.group(1) or g.group(2))
        classes[name] = {"kind": kind, "getters": names, "type": None}
    for m in TFTYPE_RE.finditer(text):
        if m.group(1) in classes:
            classes[m.group(1)]["type"] = m.group(2)

    def key_of(h):
        hpos, fn = h
        if fn is not None:
            return fn
        owner = None
        for pos, name, _ in cls:
            if pos < hpos:
                owner = name
        return ("class", owner)

    for h in heads:  # every function, even one with no argument
        sections.setdefault(key_of(h), [])
    hi = -1
    for m in ENTRY_RE.finditer(text):
        while hi + 1 < len(heads) and heads[hi + 1][0] < m.start():
            hi += 1
        if hi < 0:
            continue
        # the two lines before: "NAME: {" and "value: EXPR,"
        vend = text.rfind("\n", 0, m.start())
        vstart = text.rfind("\n", 0, vend) + 1
        nstart = text.rfind("\n", 0, vstart - 1) + 1
        nm = NAME_LINE_RE.match(text[nstart : vstart - 1])
        vm = VALUE_LINE_RE.match(text[vstart:vend])
        if not nm or not vm:
            continue
        sections[key_of(heads[hi])].append((nm.group(1), vm.group(1)) + m.groups())


def rename_candidates(camel):
    """cdktf's AttributeModel.name: the property name for a storage name."""
    out = [camel]
    if camel in ("self", "build", "node", "system", "tfResourceType"):
        out.append(camel + "Attribute")
    if re.match(r"^get[A-Z]+", camel):
        out.append(camel.replace("get", "fetch", 1))
    if camel == "equals":
        out.append("equalTo")
    return out


class Module:
    """One lib/X folder."""

    def __init__(self, path, stats):
        self.path = path
        self.tag = os.path.basename(path)
        self.stats = stats
        self.sections = {}
        self.classes = {}
        self.ifaces = {}
        self.fn_iface = {}
        self.ctor = []
        files = [os.path.join(path, "index.js")]
        sdir = os.path.join(path, "index-structs")
        if os.path.isdir(sdir):
            files += sorted(os.path.join(sdir, f) for f in os.listdir(sdir) if f.endswith(".js"))
        for js in files:
            parse_js(read(js), self.sections, self.classes)
            dts = js[:-3] + ".d.ts"
            if os.path.exists(dts):
                parse_dts(read(dts), self.ifaces, self.fn_iface, self.ctor)

    def ref(self, fn):
        return "%s/%s" % (self.tag, fn)

    def block(self, entries, iface_name, structs, where):
        props = self.ifaces.get(iface_name)
        if props is None:
            self.stats["no interface"].append(where)
            props = {}
        out = {"attributes": {}, "blocks": {}}
        used = set()
        for tfname, value, is_block, typ, storage in entries:
            camel = None
            for m in PROP_RE.finditer(value):
                camel = m.group(1) or m.group(2)
            prop = None
            if camel is not None:
                for c in rename_candidates(camel):
                    if c in props:
                        prop = props[c]
                        break
            if prop is not None:
                used.add(c)
            if prop is None:
                self.stats["required unknown"].append("%s.%s" % (where, tfname))
                prop = {"optional": True, "doc_block": is_block == "true"}
            fn = None
            for m in FNREF_RE.finditer(value):
                if m.group(1) != "cdktf.":
                    fn = m.group(2)
            if fn is None:
                out["attributes"][tfname] = {"required": not prop["optional"]}
                continue
            if "hashMapperHcl(" in value:
                nesting = "map"
            elif "listMapperHcl(" in value or "listMapper(" in value:
                nesting = typ if typ in ("list", "set") else "list"
            elif typ in ("list", "set"):
                nesting = typ  # a list/set block with max_items 1
            else:
                nesting = "single"
            single_item = "Mapper" not in value and typ in ("list", "set")
            nested = {
                "nesting": nesting,
                "min_items": 1 if (not prop["optional"] and nesting in ("list", "set")) else 0,
                "max_items": 1 if (single_item or nesting == "single") else None,
                "block": self.ref(fn),
            }
            if nesting == "single" and not prop["optional"]:
                self.stats["single-nesting required ignored"].append("%s.%s" % (where, tfname))
            if is_block == "true" and prop["doc_block"]:
                out["blocks"][tfname] = nested
            else:
                out["attributes"][tfname] = {"required": not prop["optional"], "nested": nested}
            self.struct(fn, structs, "%s.%s" % (where, tfname))
        for name in sorted(set(props) - used):
            self.stats["property not written"].append("%s (%s)" % (where, name))
        return out

    def struct(self, fn, structs, where):
        ref = self.ref(fn)
        if ref in structs:
            return
        structs[ref] = None  # recursion guard
        entries = self.sections.get(fn)
        if entries is None:
            self.stats["no struct function"].append(where)
            entries = []
        elif not entries:
            self.stats["struct without arguments"].append(where)
        iface = self.fn_iface.get(fn)
        if iface is None:
            # the generator names the function after the interface
            iface = fn[:1].upper() + fn[1:]
        structs[ref] = self.block(entries, iface, structs, where)

    def roots(self, structs):
        for name, c in self.classes.items():
            if c["type"] is None:
                continue
            entries = self.sections.get(("class", name), [])
            iface = self.ctor[0] if len(self.ctor) == 1 else name + "Config"
            where = c["type"]
            b = self.block(entries, iface, structs, where)
            args = set(b["attributes"]) | set(b["blocks"])
            b["computed"] = sorted(c["getters"] - args)
            yield c["kind"], c["type"], b


def derive(node_modules, stats=None):
    if stats is None:
        stats = {}
    for k in ("no interface", "required unknown", "no struct function", "struct without arguments",
              "property not written",
              "single-nesting required ignored"):
        stats.setdefault(k, [])
    version, pname, pversion = package_info(node_modules)
    lib = os.path.join(package_dir(node_modules), "lib")
    out = {
        "format": FORMAT,
        "key": generator_key(node_modules),
        "package": "@cdktf/provider-aws",
        "package_version": version,
        "provider": pname,
        "provider_version": pversion,
        "resource": {},
        "data": {},
        "provider_block": None,
        "structs": {},
    }
    for d in sorted(os.listdir(lib)):
        path = os.path.join(lib, d)
        if not os.path.isfile(os.path.join(path, "index.js")):
            continue
        mod = Module(path, stats)
        for kind, tftype, block in mod.roots(out["structs"]):
            if kind == "TerraformResource":
                out["resource"][tftype] = block
            elif kind == "TerraformDataSource":
                out["data"][tftype] = block
            else:
                out["provider_block"] = block
    return out


def write_atomic(path, data):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tf-schema.", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"), sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_or_derive(path, node_modules, log=None):
    """The schema in path if it was made from this package by this script,
    else derived again and written there."""
    key = generator_key(node_modules)
    if path and os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            if data.get("key") == key:
                return data
        except (OSError, ValueError):
            pass
    start = time.time()
    data = derive(node_modules)
    if log:
        log("tf-schema: derived %d resources and %d data sources from %s in %.1fs"
            % (len(data["resource"]), len(data["data"]), key, time.time() - start))
    if path:
        write_atomic(path, data)
    return data


def default_node_modules():
    env = os.environ.get("EVENTC_VALIDATORS")
    if env:
        return os.path.join(env, "node_modules")
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "validators", "node_modules")


def main(argv):
    import argparse

    ap = argparse.ArgumentParser(description="Derive the hashicorp/aws argument schema from @cdktf/provider-aws.")
    ap.add_argument("--node-modules", default=default_node_modules(), help="tests/validators/node_modules")
    ap.add_argument("-o", "--output", help="write here (atomically) instead of standard output")
    ap.add_argument("--stats", action="store_true", help="print counts and what could not be matched to stderr")
    args = ap.parse_args(argv)
    if not os.path.isfile(os.path.join(package_dir(args.node_modules), "package.json")):
        print("tf-schema.py: %s is not installed; run `npm ci` in tests/validators"
              % package_dir(args.node_modules), file=sys.stderr)
        return 2
    stats = {}
    start = time.time()
    data = derive(args.node_modules, stats)
    took = time.time() - start
    if args.output:
        write_atomic(args.output, data)
    else:
        json.dump(data, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
    if args.stats:
        err = sys.stderr
        print("%s: %d resources, %d data sources, %d nested structs, %.1fs"
              % (data["key"], len(data["resource"]), len(data["data"]), len(data["structs"]), took), file=err)
        for k, v in sorted(stats.items()):
            print("%s: %d%s" % (k, len(v), (" (" + ", ".join(v[:12]) + (", ..." if len(v) > 12 else "") + ")") if v else ""), file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
