#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""collect.py: one verdict from test VM console logs.

Reads console logs written by tools/testing/vmrun running axas-run-tests:
suites appear between "AXAS-BEGIN: NAME" and "AXAS-END: NAME rc=N" lines.
The "kunit" suite is KTAP and is parsed with the kernel tree's
tools/testing/kunit/kunit.py; every other suite is TAP (kselftest harness,
axctl tests).  The whole console is also searched for kernel reports:
KASAN, UBSAN, lockdep, WARN, BUG, Oops, panics, kmemleak leaks, hung
tasks, and for an unexpected taint.

Prints per-suite counts, every problem with what failed, and ends with one
line "N passed, N failed, N skipped".  Exit status 0 only when nothing
failed and no problem was found.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

# Taint flags a test run may legitimately carry: O (out-of-tree module),
# E (unsigned module), N (a KUnit test ran).  Anything else -- W (a warning),
# B (bad page), D (an oops), L (soft lockup), ... -- fails the run.
TAINT_NAMES = "PFSRMBUDAWCIOELKXTN"
TAINT_ALLOWED = {"O", "E", "N"}

# (name, regex) of kernel reports that fail a run wherever they appear.
REPORTS: List[Tuple[str, re.Pattern]] = [
    ("KASAN", re.compile(r"BUG: KASAN: ")),
    ("KFENCE", re.compile(r"BUG: KFENCE: ")),
    ("UBSAN", re.compile(r"UBSAN: ")),
    ("lockdep", re.compile(
        r"WARNING: (possible circular locking dependency|possible recursive locking"
        r"|inconsistent lock state|suspicious RCU usage|bad unlock balance"
        r"|held lock freed|lock held when returning to user space"
        r"|possible irq lock inversion|.*lock.* detected)"
        r"|DEBUG_LOCKS_WARN_ON|INFO: possible recursive locking")),
    ("sleep-in-atomic", re.compile(r"BUG: sleeping function called from invalid context"
                                   r"|BUG: scheduling while atomic")),
    ("WARN", re.compile(r"WARNING: CPU: \d+ PID: \d+ at ")),
    ("BUG", re.compile(r"kernel BUG at |BUG: (?!KASAN|KFENCE|sleeping|scheduling)[A-Za-z]")),
    ("Oops", re.compile(r"Oops: |general protection fault")),
    ("panic", re.compile(r"Kernel panic - not syncing")),
    ("hung task", re.compile(r"INFO: task .* blocked for more than|watchdog: BUG: soft lockup")),
    ("list corruption", re.compile(r"list_(add|del) corruption")),
]

# kmemleak reports of objects whose allocation backtrace has one of these
# frames are the KUnit framework's, not the module's: kunit_attach_mm()
# (lib/kunit/user_alloc.c, 6.12) gives the test thread an mm with
# kthread_use_mm(), whose mmgrab() nothing drops, so that mm_struct (and
# what mm_init() allocated for it) outlives every test that used
# kunit_vm_mmap().  x86 hides it (its per-CPU cpu_tlbstate.loaded_mm still
# points at the mm); arm64 and riscv64 report it.
KMEMLEAK_NOT_OURS = ("kunit_vm_mmap_init", "kunit_attach_mm")

TIMES_SHOWN = 6

BEGIN = re.compile(r"^AXAS-BEGIN: (\S+)\s*$")
END = re.compile(r"^AXAS-END: (\S+) rc=(-?\d+)(?:\s+secs=(\d+))?")
TAP_RESULT = re.compile(r"^(not ok|ok)\s+\d+\s*(?:-\s*)?([^#]*?)\s*(#\s*(\w+).*)?$")


@dataclass
class Suite:
    name: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: List[str] = field(default_factory=list)


@dataclass
class Verdict:
    suites: List[Suite] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)
    # (label:suite, seconds) of each suite whose END line gave its time
    times: List[Tuple[str, int]] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(s.passed for s in self.suites)

    @property
    def failed(self) -> int:
        return sum(s.failed for s in self.suites) + len(self.problems)

    @property
    def skipped(self) -> int:
        return sum(s.skipped for s in self.suites)


def parse_tap(name: str, lines: List[str]) -> Suite:
    """Count the top-level results of a TAP stream (kselftest harness)."""
    suite = Suite(name)
    planned = None
    for line in lines:
        m = re.match(r"^1\.\.(\d+)", line)
        if m and planned is None:
            planned = int(m.group(1))
            continue
        m = TAP_RESULT.match(line)
        if not m:
            continue
        status, desc, _, directive = m.groups()
        directive = (directive or "").upper()
        if directive == "SKIP":
            suite.skipped += 1
        elif status == "ok" or directive == "TODO" and status == "not ok":
            suite.passed += 1
        else:
            suite.failed += 1
            suite.failures.append(desc or "(unnamed)")
    seen = suite.passed + suite.failed + suite.skipped
    if planned is not None and seen < planned:
        suite.failed += planned - seen
        suite.failures.append(f"{planned - seen} planned test(s) never reported (crash?)")
    if planned is None and seen == 0:
        suite.failed += 1
        suite.failures.append("no TAP output")
    return suite


def _kunit_leaves(group: dict, prefix: str, out: List[Tuple[str, str]]) -> None:
    for case in group.get("test_cases", []):
        out.append((f"{prefix}.{case['name']}", case["status"]))
    for sub in group.get("sub_groups", []):
        _kunit_leaves(sub, f"{prefix}.{sub['name']}" if prefix else sub["name"], out)


def parse_kunit(lines: List[str], kunit_py: str) -> List[Suite]:
    """Parse KTAP with kunit.py parse --json; one Suite per KUnit suite."""
    with tempfile.TemporaryDirectory() as tmp:
        ktap = os.path.join(tmp, "kunit.ktap")
        js = os.path.join(tmp, "kunit.json")
        with open(ktap, "w") as f:
            f.write("\n".join(lines) + "\n")
        # kunit.py changes directory to the kernel tree: absolute paths only.
        proc = subprocess.run([sys.executable, os.path.abspath(kunit_py), "parse",
                               "--json=" + js, ktap],
                              capture_output=True, text=True)
        if not os.path.exists(js):
            s = Suite("kunit", failed=1)
            s.failures.append("kunit.py parse failed: " + proc.stderr.strip()[-300:])
            return [s]
        with open(js) as f:
            top = json.load(f)
    suites = []
    for group in top.get("sub_groups", []):
        s = Suite("kunit:" + group["name"])
        leaves: List[Tuple[str, str]] = []
        _kunit_leaves(group, group["name"], leaves)
        for tname, status in leaves:
            if status == "PASS":
                s.passed += 1
            elif status == "SKIP":
                s.skipped += 1
            else:
                s.failed += 1
                s.failures.append(f"{tname}: {status}")
        suites.append(s)
    for case in top.get("test_cases", []):
        # A suite that crashed before reporting any case.
        if case["status"] != "PASS":
            s = Suite("kunit:" + case["name"], failed=1)
            s.failures.append(f"{case['name']}: {case['status']}")
            suites.append(s)
    if not suites:
        s = Suite("kunit", failed=1)
        s.failures.append("no KUnit results in the log")
        suites.append(s)
    return suites


def scan_reports(label: str, lines: List[str]) -> List[str]:
    problems = []
    seen = set()
    for i, line in enumerate(lines):
        for name, rx in REPORTS:
            if rx.search(line):
                key = (name, line.strip())
                if key in seen:
                    continue
                seen.add(key)
                problems.append(f"{label}: {name} report at console line {i + 1}: {line.strip()}")
                break
    return problems


def decode_taint(value: int) -> str:
    return "".join(TAINT_NAMES[b] for b in range(len(TAINT_NAMES)) if value & (1 << b))


def kmemleak_leaks(body: List[str]) -> List[str]:
    """The "unreferenced object" lines of the leaks that are not KUnit's own."""
    leaks: List[str] = []
    head: Optional[str] = None
    ours = True
    for ln in body + ["unreferenced object (end)"]:
        if ln.startswith("unreferenced object"):
            if head is not None and ours:
                leaks.append(head)
            head, ours = ln, True
        elif head is not None and any(f in ln for f in KMEMLEAK_NOT_OURS):
            ours = False
    return leaks


def collect_log(label: str, text: str, kunit_py: Optional[str], expect: List[str],
                allow_taint: str = "") -> Verdict:
    v = Verdict()
    lines = text.splitlines()
    sections: Dict[str, List[str]] = {}
    rcs: Dict[str, int] = {}
    current: Optional[str] = None
    for line in lines:
        m = BEGIN.match(line)
        if m:
            current = m.group(1)
            sections[current] = []
            continue
        m = END.match(line)
        if m and current == m.group(1):
            rcs[current] = int(m.group(2))
            if m.group(3) is not None:
                v.times.append((f"{label}:{current}" if label else current,
                                int(m.group(3))))
            current = None
            continue
        if current is not None:
            sections[current].append(line)
    if current is not None:
        v.problems.append(f"{label}: suite {current} never finished (crash or hang)")

    for name, body in sections.items():
        if name == "kmemleak":
            leaks = kmemleak_leaks(body)
            if leaks:
                v.problems.append(f"{label}: kmemleak: {len(leaks)} suspected leak(s): {leaks[0]}")
            continue
        if name == "kunit":
            if kunit_py is None:
                v.problems.append(f"{label}: no kunit.py to parse the KUnit output")
                continue
            for s in parse_kunit(body, kunit_py):
                s.name = f"{label}:{s.name}" if label else s.name
                v.suites.append(s)
            if rcs.get(name, 0) != 0:
                v.problems.append(f"{label}: loading the KUnit module failed (rc={rcs[name]})")
            continue
        s = parse_tap(f"{label}:{name}" if label else name, body)
        if rcs.get(name, 0) != 0 and s.failed == 0:
            s.failed += 1
            s.failures.append(f"exit status {rcs[name]}")
        v.suites.append(s)

    for name in expect:
        if not any(k == name or k.startswith(name + ":") for k in sections):
            v.problems.append(f"{label}: expected suite {name} did not run")

    v.problems += scan_reports(label, lines)

    taint = [ln for ln in lines if ln.startswith("AXAS-TAINT: ")]
    if taint:
        value = int(taint[-1].split()[1])
        bad = set(decode_taint(value)) - TAINT_ALLOWED - set(allow_taint)
        if bad:
            v.problems.append(f"{label}: unexpected taint {decode_taint(value)} ({value}): "
                              f"{''.join(sorted(bad))}")
    else:
        v.problems.append(f"{label}: no taint report: the run did not complete")
    for ln in lines:
        if ln.startswith("AXAS-VMRUN: "):
            v.problems.append(f"{label}: {ln[len('AXAS-VMRUN: '):]}")
    return v


def report(v: Verdict, out=None) -> None:
    out = out or sys.stdout
    width = max([len(s.name) for s in v.suites] + [10])
    print("Results:", file=out)
    for s in v.suites:
        line = f"  {s.name:<{width}}  {s.passed:5d} passed, {s.failed} failed"
        if s.skipped:
            line += f", {s.skipped} skipped"
        print(line, file=out)
        for f in s.failures[:20]:
            print(f"      FAILED: {f}", file=out)
        if len(s.failures) > 20:
            print(f"      ... and {len(s.failures) - 20} more", file=out)
    for p in v.problems:
        print(f"  PROBLEM: {p}", file=out)
    if v.times:
        # where the wall time went: the longest suites first
        longest = sorted(v.times, key=lambda t: -t[1])[:TIMES_SHOWN]
        print("Longest suites: " +
              ", ".join(f"{n} {t} s" for n, t in longest) +
              f"; all {len(v.times)}: {sum(t for _, t in v.times)} s", file=out)
    line = f"{v.passed} passed, {v.failed} failed"
    if v.skipped:
        line += f", {v.skipped} skipped"
    print(line, file=out)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("logs", nargs="+", metavar="[LABEL=]LOG",
                    help="console log of a vmrun axas-run-tests run")
    ap.add_argument("--kunit-py", help="path to the kernel tree's tools/testing/kunit/kunit.py")
    ap.add_argument("--tap", action="append", default=[], metavar="NAME=FILE",
                    help="an extra TAP result file run on the host")
    ap.add_argument("--expect", action="append", default=[], metavar="SUITE",
                    help="fail when this suite (e.g. kunit, selftest) is missing from a log")
    ap.add_argument("--expect-in", action="append", default=[], metavar="LABEL=SUITE",
                    help="like --expect, for the log of LABEL only")
    ap.add_argument("--allow-taint", action="append", default=[], metavar="LABEL=FLAGS",
                    help="taint flags (e.g. S) the log of LABEL may carry besides O, E, N")
    # logs and options in any order (check passes a log after options)
    args = ap.parse_intermixed_args(argv)
    expect_in: Dict[str, List[str]] = {}
    for spec in args.expect_in:
        lab, _, suite = spec.partition("=")
        expect_in.setdefault(lab, []).append(suite)
    allow = dict(spec.partition("=")[::2] for spec in args.allow_taint)

    total = Verdict()
    for spec in args.tap:
        name, _, path = spec.partition("=")
        with open(path, errors="replace") as f:
            total.suites.append(parse_tap(name, f.read().splitlines()))
    for spec in args.logs:
        label, sep, path = spec.partition("=")
        if not sep:
            label, path = "", spec
        try:
            with open(path, errors="replace") as f:
                v = collect_log(label, f.read(), args.kunit_py,
                                args.expect + expect_in.get(label, []),
                                allow.get(label, ""))
        except OSError as e:
            v = Verdict(problems=[f"{label}: no console log ({e.strerror}): the VM never ran"])
        total.suites += v.suites
        total.problems += v.problems
        total.times += v.times
    report(total)
    return 0 if total.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
