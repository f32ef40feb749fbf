#!/usr/bin/env python3
"""sarif-check.py - checks `eventc check --format sarif` against the SARIF
2.1.0 JSON Schema and against the text diagnostics of the same run.

  sarif-check.py SCHEMA SARIF TEXT [SARIF TEXT]...

SCHEMA is tests/sarif/sarif-2.1.0-rtm.5.json, SARIF the document eventc
wrote, TEXT its standard error of the same run with --format text. Prints
one line per problem and exits 1 when there is any. Given several pairs
(tests/lint.sh checks every case in one run, the schema read once), it
writes each pair's problems to SARIF.problems instead (empty when there
are none)."""
import json
import re
import sys

import jsonschema

HEAD = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<level>error|warning|note)(?:\[(?P<code>[EW]\d{4})\])?: (?P<msg>.*)$")


def text_diagnostics(path):
    """The diagnostics of the text output: (code, file, line, col, notes)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            m = HEAD.match(raw.rstrip("\n"))
            if not m:
                continue
            if m["level"] == "note":
                out[-1][4].append((m["file"], int(m["line"]), int(m["col"])))
            else:
                out.append((m["code"], m["file"], int(m["line"]), int(m["col"]), []))
    return out


def check(validator, sarif_path, text_path):
    """The problems of one SARIF document against the schema and its text."""
    with open(sarif_path, encoding="utf-8") as f:
        doc = json.load(f)
    problems = []
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
        problems.append("schema: %s at %s" % (err.message, "/".join(map(str, err.path))))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids):
        problems.append("rule ids are not unique")
    for r in rules:
        if not r.get("helpUri", "").split("#")[0]:
            problems.append("rule %s has no helpUri" % r["id"])
        want = "warning" if r["id"].startswith("W") else "error"
        if r["defaultConfiguration"]["level"] != want:
            problems.append("rule %s: default level %s" % (r["id"], r["defaultConfiguration"]["level"]))
    results = run["results"]
    text = [d for d in text_diagnostics(text_path) if d[1] != "eventc"]
    located = [r for r in results if "locations" in r]
    if len(located) != len(text):
        problems.append("%d located results, %d located text diagnostics" % (len(located), len(text)))
    for res, (code, file, line, col, notes) in zip(located, text):
        if res["ruleId"] != code or ids[res["ruleIndex"]] != code:
            problems.append("result %s (rule index %d) where the text has %s"
                            % (res["ruleId"], res["ruleIndex"], code))
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if uri.startswith("/") or uri.startswith("file:"):
            problems.append("%s: uri %s is not relative to the working directory" % (code, uri))
        reg = loc["region"]
        if (uri, reg["startLine"], reg["startColumn"]) != (file, line, col):
            problems.append("%s: region %s:%d:%d, text %s:%d:%d"
                            % (code, uri, reg["startLine"], reg["startColumn"], file, line, col))
        if (reg["endLine"], reg["endColumn"]) <= (reg["startLine"], reg["startColumn"]):
            problems.append("%s: empty region at %s:%d:%d" % (code, uri, line, col))
        related = res.get("relatedLocations", [])
        got = [(r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"]["startLine"],
                r["physicalLocation"]["region"]["startColumn"]) for r in related]
        if got != notes:
            problems.append("%s: related locations %s, notes %s" % (code, got, notes))
    notes = run["invocations"][0].get("toolConfigurationNotifications", [])
    with open(text_path, encoding="utf-8") as f:
        run_level = [l for l in f if re.match(r"^eventc: (error|warning)\[", l)]
    if len(notes) != len(run_level):
        problems.append("%d tool configuration notifications, %d diagnostics about the run"
                        % (len(notes), len(run_level)))
    if len(results) != len(located):
        problems.append("results without a location")
    return problems


def main():
    args = sys.argv[1:]
    if len(args) < 3 or len(args) % 2 != 1:
        print("usage: sarif-check.py SCHEMA SARIF TEXT [SARIF TEXT]...", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    pairs = list(zip(args[1::2], args[2::2]))
    failed = False
    for sarif_path, text_path in pairs:
        try:
            problems = check(validator, sarif_path, text_path)
        except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
            problems = ["cannot be checked: %s: %s" % (type(e).__name__, e)]
        failed = failed or bool(problems)
        if len(pairs) == 1:
            for p in problems:
                print(p)
        else:
            with open(sarif_path + ".problems", "w", encoding="utf-8") as f:
                f.writelines(p + "\n" for p in problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
