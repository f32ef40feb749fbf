#!/usr/bin/env python3
"""editors-check.py - the TextMate grammar of editors/textmate, run over a
pattern file as an editor would (a simplified TextMate tokenizer: at each
point the earliest match of the patterns in effect wins, the first one
listed on a tie; begin/end rules open a scope until their end), and the
scopes it gives to the tokens a test names.

  editors-check.py GRAMMAR FILE [LINE:TEXT:SCOPE-PREFIX]...

Prints one line per token whose scope is not the one expected (TEXT is
its first occurrence on LINE, 1-based; SCOPE-PREFIX `-` means no scope) and
exits 1 when there is any."""
import json
import sys

try:
    import regex as re  # closer to Oniguruma's syntax than re
except ImportError:
    import re


def resolve(grammar, pats):
    out = []
    for p in pats:
        if "include" in p:
            out.extend(resolve(grammar, [grammar["repository"][p["include"][1:]]]))
        elif "patterns" in p and "match" not in p and "begin" not in p:
            out.extend(resolve(grammar, p["patterns"]))
        else:
            out.append(p)
    return out


def tokenize_line(grammar, top, line, stack, scopes):
    """Scopes of each character of LINE: scopes[i] is a list of names."""
    pos = 0
    while pos <= len(line):
        if stack:
            rule = stack[-1]
            pats = resolve(grammar, rule.get("patterns", []))
            end = re.compile(rule["end"]).search(line, pos)
        else:
            pats, end = top, None
        best = None
        for p in pats:
            m = re.compile(p.get("match") or p["begin"]).search(line, pos)
            if m and (best is None or m.start() < best[0].start()):
                best = (m, p)
        outer = [r["name"] for r in stack if "name" in r]
        gap_end = len(line)
        if end and (best is None or end.start() <= best[0].start()):
            gap_end = end.end()
        elif best is not None:
            gap_end = best[0].start()
        for i in range(pos, gap_end):
            scopes[i] = list(outer)
        if end and (best is None or end.start() <= best[0].start()):
            stack.pop()
            if end.end() == end.start():
                break  # an end at $ closes at the end of the line
            pos = end.end()
            continue
        if best is None:
            break
        m, p = best
        for i in range(m.start(), m.end()):
            scopes[i] = outer + ([p["name"]] if "name" in p else [])
        for k, cap in p.get("captures", {}).items():
            if m.group(int(k)) is not None:
                for i in range(m.start(int(k)), m.end(int(k))):
                    scopes[i] = scopes[i] + [cap["name"]]
        if "begin" in p:
            stack.append(p)
        pos = m.end() if m.end() > m.start() else m.end() + 1
    return stack


def main():
    grammar = json.load(open(sys.argv[1], encoding="utf-8"))
    problems = []
    for key in ("scopeName", "patterns", "repository"):
        if key not in grammar:
            problems.append("grammar has no %s" % key)
    if grammar.get("scopeName") != "source.eventc" or "ev" not in grammar.get("fileTypes", []):
        problems.append("grammar is not source.eventc for .ev files")
    for name, rule in grammar["repository"].items():
        for p in [rule] + rule.get("patterns", []):
            for k in ("match", "begin", "end"):
                if k in p:
                    try:
                        re.compile(p[k])
                    except re.error as e:
                        problems.append("%s: %s does not compile: %s" % (name, k, e))
    top = resolve(grammar, grammar["patterns"])
    lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
    all_scopes, stack = [], []
    for line in lines:
        scopes = [[] for _ in range(len(line) + 1)]
        stack = tokenize_line(grammar, top, line, stack, scopes)
        all_scopes.append(scopes)
    for spec in sys.argv[3:]:
        head, want = spec.rsplit(":", 1)
        ln, text = head.split(":", 1)
        ln = int(ln)
        line = lines[ln - 1]
        col = line.find(text) + 1
        if col == 0:
            problems.append("line %d has no %r" % (ln, text))
            continue
        for i in range(col - 1, col - 1 + len(text)):
            got = all_scopes[ln - 1][i]
            ok = any(s.startswith(want) for s in got) if want != "-" else not got
            if not ok:
                problems.append("%d:%d %r: scopes %s, want %s" % (ln, col, text, got, want))
                break
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
