#!/usr/bin/env python3
"""bench.py - how long eventc takes, and how that grows with pattern size.

    bench.py [--eventc PATH] [--runs N] [--sizes 10,100,...] [--build]

Generates patterns of N stages (a stage: an event type, a queue with a
DLQ, a consuming function that writes a table and publishes to a topic, a
rule, and every tenth stage a three-state workflow), runs `eventc check`
(and with --build, `eventc build`, into a temporary folder) RUNS times each,
and prints the best wall time, the time per stage, and the growth from one
size to the next. Wall time on a shared machine is noisy: the best of
several runs is reported, and the time per stage is what to compare."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time


def pattern(n):
    out = ['pattern bench {', '  tenant = "acme"', '  region = "us-east-1"', '}',
           'environment dev {', '  memory = 256', '  retention = 7d', '}',
           'environment prod {', '  memory = 1024', '  retention = 90d', '}',
           'defaults {', '  log_retention = env.retention',
           '  function { memory = env.memory timeout = 20s tracing = active }', '}',
           'key main { rotation = true }',
           'bus events { archive { retention = 30d } }',
           'table state { key { pk = string, sk = string } ttl = "expiresAt" }',
           'topic alerts { subscribe email "ops@example.com" }',
           'alarms { notify = topic alerts }']
    for i in range(n):
        out += [f'event Stage{i}Done {{', f'  source = "com.acme.stage{i}"',
                '  detail { id string required, amount number, status string enum("ok", "failed") }', '}',
                f'queue q{i} {{ visibility_timeout = 120s dlq {{ max_receives = 5 }} }}',
                f'topic t{i} {{ subscribe queue q{i} }}' if i % 7 == 0 else '',
                f'function f{i} {{', '  runtime = "python3.12" handler = "app.handler" code = "src"',
                f'  consume q{i} {{ batch_size = 10 batching_window = 1s partial_failures = true }}',
                '  writes state', '  publishes alerts', '}',
                f'rule r{i} on events {{', '  match {', f'    source = ["com.acme.stage{i}"]',
                f'    detail-type = ["Stage{i}Done"]', '    detail.amount = [{ numeric = [">", 100] }]', '  }',
                f'  target queue q{i}', '}']
        if i % 10 == 0:
            out += [f'workflow w{i} {{', '  task check { invoke function f%d }' % i,
                    '  choice route {', '    when $.status == "ok" -> done', '    otherwise -> failed', '  }',
                    '  succeed done', '  fail failed { error = "Failed" }', '}',
                    f'rule start{i} on events {{', '  match { source = ["com.acme.stage%d"] }' % i,
                    f'  target workflow w{i} {{ input = $.detail }}', '}']
    return "\n".join(out) + "\n"


def best(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.exit(f"bench: {' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[:2000]}")
    return min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--eventc", default=os.environ.get("EVENTC", os.path.join(here, "..", "build", "eventc")))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1,10,100,1000,5000")
    ap.add_argument("--build", action="store_true", help="time `eventc build` too")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    tmp = tempfile.mkdtemp()
    os.makedirs(os.path.join(tmp, "src"))  # the code folder the patterns name
    open(os.path.join(tmp, "src", "app.py"), "w").write("def handler(e, c):\n    return e\n")
    try:
        ref = os.path.join(here, "..", "patterns", "event-driven.ev")
        t = best([a.eventc, "check", ref], a.runs)
        print(f"eventc check patterns/event-driven.ev: {t * 1000:.1f} ms (best of {a.runs})")
        if a.build:
            t = best([a.eventc, "build", "-o", os.path.join(tmp, "ref"), ref], a.runs)
            print(f"eventc build patterns/event-driven.ev (3 environments, all targets): {t * 1000:.1f} ms")
        print()
        cols = "stages  lines    check ms  us/stage  growth" + ("   build ms  us/stage" if a.build else "")
        print(cols)
        prev = None
        for n in sizes:
            f = os.path.join(tmp, f"bench-{n}.ev")
            text = pattern(n)
            open(f, "w").write(text)
            t = best([a.eventc, "check", f], a.runs)
            growth = f"x{t / prev[1]:.1f} for x{n / prev[0]:.0f}" if prev else ""
            line = f"{n:6d} {text.count(chr(10)):6d} {t * 1000:11.1f} {t * 1e6 / n:9.1f}  {growth:14s}"
            if a.build:
                out = os.path.join(tmp, f"out-{n}")
                tb = best([a.eventc, "build", "-o", out, f], max(1, a.runs // 2))
                shutil.rmtree(out, ignore_errors=True)
                line += f" {tb * 1000:10.1f} {tb * 1e6 / n:9.1f}"
            print(line)
            prev = (n, t)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
