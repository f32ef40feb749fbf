#!/usr/bin/env python3
"""ratios.py - eventc's build against the floors issue 13 names, as ratios.

    ratios.py [--eventc PATH] [--runs N] [--sizes 1,10,100,1000]
              [--linear N] [--callgrind] [--callgrind-sizes 1,10,100]
              [--jobs N]

For each size (chains of bench.py's generator: an event, a queue with its
DLQ, a function, a rule, a workflow every tenth), `eventc build` of every
target is run RUNS times, each run paired with the floors measured right
after it on the same output: `jq -c .` of the largest JSON file it wrote
and `cp -r` of its output folder, each command begun after a `sync`. The ratios are the medians of the
per-run ratios, so a burst of load on a shared machine hits both sides of
a pair; wall time and CPU time (user + system, from the child's rusage)
are both given, CPU time being the steadier on a busy machine.

Memory is the child's peak RSS (ru_maxrss), per generated resource (every
entry under Resources of every CloudFormation template, all environments),
against the goal: 2 KiB per resource or twice the largest file, whichever
is larger. --linear N builds N and 4N chains and gives the growth (goal:
within 4.4x). The reference pattern (patterns/event-driven.ev, three
environments) is measured against `node -e 0`, and its `check` against
`python3 -c pass`: the interpreter that `python3` on PATH starts, timed
itself (pyenv's `python3` is a shell script that starts it, and took 200
ms where the interpreter took 94), its path and version printed, since
Debian's and pyenv's start in 23 and 94 ms here.

Builds run with eventc's own --jobs (one thread a processor) unless
--jobs N is given; each run writes to a new folder, every one removed at
the end. --callgrind adds instruction counts (valgrind --tool=callgrind,
builds with --jobs=1) for the --callgrind-sizes: repeatable where wall
times are not, but about fifty times slower.

The jansson floor: bench/jdump (`make bench/jdump`, found beside --eventc)
reads the JSON files of each size's first build and gives, in CPU time of
one thread, what jansson alone takes to write them again byte for byte
(json_dump_callback, as eventc writes them: no build can take less while
jansson writes every byte) and to make such trees again and free them
(json_deep_copy, one allocation a value: eventc shares values, so this is
not a bound). Against them, the CPU that 3x jq's wall time allows on
every core. Nothing here is a test: it prints figures and exits 0."""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import pattern  # noqa: E402  (the one generator)


def interpreter(name):
    """The executable and version of the Python that NAME on PATH runs."""
    out = subprocess.run([name, "-c", "import sys; print(sys.executable); print(sys.version.split()[0])"],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return out[0], out[1]


def run(cmd, cwd=None):
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of CMD,
    begun with nothing left to write back: without the sync, a command
    paid for part of the writeback of what the one before it wrote (`cp -r`
    for the build it copies, the next build for that copy), so that `cp -r`
    looked slower than it is."""
    os.sync()
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"ratios: {' '.join(cmd)} failed ({p.returncode}):\n{err[:2000].decode(errors='replace')}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def instructions(cmd, cwd=None):
    """Instructions executed by CMD, as callgrind counts them."""
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"ratios: callgrind of {' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    return int(m.group(1))


def outputs(folder):
    files = [f for f in glob.glob(os.path.join(folder, "**"), recursive=True) if os.path.isfile(f)]
    size = sum(os.path.getsize(f) for f in files)
    jsons = [f for f in files if f.endswith(".json")]
    largest = max(jsons, key=os.path.getsize) if jsons else None
    resources = 0
    for f in glob.glob(os.path.join(folder, "*", "cloudformation", "*.json")):
        resources += len(json.load(open(f)).get("Resources", {}))
    return files, size, largest, resources


def jansson_floor(jdump, folder, runs):
    """bench/jdump's figures for the JSON files below FOLDER, or None."""
    files = sorted(f for f in glob.glob(os.path.join(folder, "**", "*.json"), recursive=True))
    if not jdump or not files:
        return None
    r = subprocess.run([jdump, "--runs", str(runs)] + files, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        sys.exit(f"ratios: {jdump} failed:\n{r.stderr[-2000:]}")
    w = r.stdout.split()
    return {w[i]: float(w[i + 1]) for i in range(0, len(w) - 1, 2)}


def find_jdump(eventc, given):
    """GIVEN, or bench/jdump of the build tree that holds EVENTC, made
    there when missing; None when it cannot be had."""
    path = given or os.path.join(os.path.dirname(eventc), "bench", "jdump")
    if not given and not os.access(path, os.X_OK):
        subprocess.run(["make", "-C", os.path.dirname(eventc), "bench/jdump"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return path if os.access(path, os.X_OK) else None


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def measure(eventc, src, runs, tmp, jobs, jdump=None):
    """Paired runs of a build of SRC and of its floors; medians. Each run
    writes to a folder of its own, removed only once every run is done: on
    a file system that discards what it frees (ext4 mounted with discard),
    a build right after a removal pays for the removal's discards."""
    rows = []
    folders = []
    for i in range(runs):
        out = os.path.join(tmp, f"out-{i}")
        folders += [out, out + ".copy"]
        b = run([eventc, "build", *jobs, "-o", out, src])
        files, size, largest, resources = outputs(out)
        j = run(["jq", "-c", ".", largest])
        c = run(["cp", "-r", out, out + ".copy"])
        rows.append((b, j, c))
        if i == 0:
            floor = jansson_floor(jdump, out, runs)
    m = {
        "wall": median([b[0] for b, _, _ in rows]), "cpu": median([b[1] for b, _, _ in rows]),
        "rss": max(b[2] for b, _, _ in rows),
        "jq_wall": median([b[0] / j[0] for b, j, _ in rows]), "jq_cpu": median([b[1] / max(j[1], 1e-3) for b, j, _ in rows]),
        "cp_wall": median([b[0] / c[0] for b, _, c in rows]), "cp_cpu": median([b[1] / max(c[1], 1e-3) for b, _, c in rows]),
        "files": len(files), "bytes": size, "largest": os.path.getsize(largest), "resources": resources,
        "floor": floor, "jq_secs": median([j[0] for _, j, _ in rows]),
    }
    for f in folders:
        shutil.rmtree(f, ignore_errors=True)
    return m


def print_floors(got, jdump):
    """The jansson floor of each size against the CPU 3x jq allows."""
    if not jdump:
        print("\njansson floor: not measured (no bench/jdump; `make bench/jdump` in the build tree)")
        return
    cores = os.cpu_count() or 1
    print(f"\njansson alone on each build's JSON (bench/jdump, CPU s of one thread), against the CPU that"
          f" 3x jq's wall time allows on {cores} cores:")
    print("chains  JSON MB  same/files  dump s  make+free s  build cpu s  x dump  3x-jq cpu s  left after dump")
    for n, m in got.items():
        f = m["floor"]
        if not f:
            continue
        budget = 3 * m["jq_secs"] * cores
        print(f"{n:6d} {f['bytes'] / 1e6:8.1f} {int(f['same']):5d}/{int(f['files']):<5d} {f['dump']:7.3f}"
              f" {f['make']:12.3f} {m['cpu']:12.3f} {m['cpu'] / max(f['dump'], 1e-6):7.1f}"
              f" {budget:12.3f} {budget - f['dump']:16.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eventc", default=os.environ.get("EVENTC", os.path.join(HERE, "..", "build", "eventc")))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1,10,100,1000")
    ap.add_argument("--linear", type=int, default=0, help="also build N and 4N chains and give the growth")
    ap.add_argument("--callgrind", action="store_true", help="instruction counts too (slow)")
    ap.add_argument("--callgrind-sizes", default="1,10,100")
    ap.add_argument("--jdump", default=None, help="bench/jdump (default: beside --eventc, made if missing)")
    ap.add_argument("--jobs", type=int, default=0,
                    help="build --jobs N (default: eventc's own, one thread a processor)")
    a = ap.parse_args()
    jobs = [f"--jobs={a.jobs}"] if a.jobs else []
    eventc = os.path.abspath(a.eventc)
    for tool in ("jq", "node", "python3"):
        if not shutil.which(tool):
            sys.exit(f"ratios: {tool} is not on PATH; it is one of the floors")
    jdump = find_jdump(eventc, a.jdump)
    tmp = tempfile.mkdtemp()
    os.makedirs(os.path.join(tmp, "src"))  # the code folder the patterns name
    open(os.path.join(tmp, "src", "app.py"), "w").write("def handler(e, c):\n    return e\n")
    try:
        ref = os.path.abspath(os.path.join(HERE, "..", "patterns", "event-driven.ev"))
        node = median([run(["node", "-e", "0"])[0] for _ in range(a.runs)])
        py_exe, py_version = interpreter("python3")
        py = median([run([py_exe, "-c", "pass"])[0] for _ in range(a.runs)])
        rb = median([run([eventc, "build", *jobs, "-o", os.path.join(tmp, f"ref-{i}"), ref])[0]
                     for i in range(a.runs)])
        rc = median([run([eventc, "check", ref])[0] for _ in range(a.runs)])
        print(f"floors: node -e 0 {node * 1000:.1f} ms, python3 -c pass {py * 1000:.1f} ms (medians of {a.runs};"
              f" python3: {py_exe} {py_version})")
        print(f"reference build (3 environments, every target): {rb * 1000:.1f} ms = {rb / node:.3f} x node -e 0"
              f" (goal 0.1)")
        print(f"reference check: {rc * 1000:.1f} ms = {rc / py:.3f} x python3 -c pass (goal 0.05)")
        print()
        print("chains resources files     MB  largest   wall s   cpu s  x jq(wall/cpu)  x cp -r(wall/cpu)"
              "  peak MiB  B/resource  goal MiB")
        sizes = [int(s) for s in a.sizes.split(",")]
        if a.linear:
            sizes += [n for n in (a.linear, 4 * a.linear) if n not in sizes]
        got = {}
        for n in sizes:
            src = os.path.join(tmp, f"chains-{n}.ev")
            open(src, "w").write(pattern(n))
            m = got[n] = measure(eventc, src, a.runs, tmp, jobs, jdump)
            per = m["rss"] * 1024 / max(m["resources"], 1)
            goal = max(2048 * m["resources"], 2 * m["largest"]) / 2**20
            print(f"{n:6d} {m['resources']:9d} {m['files']:5d} {m['bytes'] / 1e6:6.1f} {m['largest'] / 1e6:6.2f}MB"
                  f" {m['wall']:8.3f} {m['cpu']:7.3f} {m['jq_wall']:7.1f}/{m['jq_cpu']:<7.1f}"
                  f" {m['cp_wall']:8.1f}/{m['cp_cpu']:<8.1f} {m['rss'] / 1024:9.1f} {per:11.0f} {goal:9.1f}")
        print_floors(got, jdump)
        if a.linear:
            n = a.linear
            print(f"\nlinearity: {4 * n} chains / {n} chains: wall x{got[4 * n]['wall'] / got[n]['wall']:.2f},"
                  f" cpu x{got[4 * n]['cpu'] / got[n]['cpu']:.2f},"
                  f" peak RSS x{got[4 * n]['rss'] / got[n]['rss']:.2f} (goal: time within x4.4)")
        if a.callgrind:
            print("\nchains  build Ir          Ir/resource   check Ir")
            for n in [int(s) for s in a.callgrind_sizes.split(",")]:
                src = os.path.join(tmp, f"chains-{n}.ev")
                open(src, "w").write(pattern(n))
                out = os.path.join(tmp, "cg")
                shutil.rmtree(out, ignore_errors=True)
                ib = instructions([eventc, "build", "--jobs=1", "-o", out, src])
                res = outputs(out)[3]
                ic = instructions([eventc, "check", src])
                print(f"{n:6d} {ib:16,d} {ib / max(res, 1):12,.0f} {ic:14,d}")
            shutil.rmtree(os.path.join(tmp, "cg"), ignore_errors=True)
            ir = instructions([eventc, "build", "--jobs=1", "-o", os.path.join(tmp, "ref-cg"), ref])
            print(f"reference build: {ir:,d} Ir; check: {instructions([eventc, 'check', ref]):,d} Ir")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
