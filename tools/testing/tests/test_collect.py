#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/testing/collect.py, the verdict of make check.

The logs in logs/ are real console captures of the debug test VM:
  clean.log       a passing run of axas-run-tests
  kunit-fail.log  a run with one failing KUnit case
  kasan.log       a KASAN use-after-free report (panic_on_warn then panics)
  lockdep.log     a lockdep circular-dependency splat
  leak.log        a kmemleak report after the tests
They were produced with tools/testing/tests/provoke/ (see its source).

Run: test_collect.py [--tap] --kunit-py KSRC/tools/testing/kunit/kunit.py
"""

import io
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import collect  # noqa: E402

KUNIT_PY = None


def load(name):
    with open(os.path.join(HERE, "logs", name), errors="replace") as f:
        return f.read()


def verdict(name, expect=("kunit", "unload")):
    return collect.collect_log("debug", load(name), KUNIT_PY, list(expect))


def counts(v):
    return (v.passed, v.failed, v.skipped)


class LogVerdicts(unittest.TestCase):
    def test_clean_run_passes(self):
        v = verdict("clean.log")
        self.assertEqual(v.problems, [])
        self.assertEqual(counts(v), (5, 0, 0))
        names = [s.name for s in v.suites]
        self.assertIn("debug:kunit:axas_types", names)
        self.assertIn("debug:unload", names)

    def test_failing_kunit_case_named(self):
        v = verdict("kunit-fail.log")
        self.assertEqual(counts(v), (4, 1, 0))
        suite = [s for s in v.suites if s.name == "debug:kunit:axas_types"][0]
        self.assertEqual((suite.passed, suite.failed), (3, 1))
        self.assertEqual(suite.failures, ["axas_types.axas_types_range_overlaps: FAIL"])

    def test_kasan_report_fails_run(self):
        v = verdict("kasan.log")
        kinds = [p for p in v.problems if ": KASAN report" in p]
        self.assertEqual(len(kinds), 1, v.problems)
        self.assertIn("use-after-free", kinds[0])
        self.assertGreater(v.failed, 0)
        # the guest panicked (panic_on_warn): the suites never ran
        self.assertTrue(any("expected suite kunit did not run" in p for p in v.problems))

    def test_lockdep_splat_fails_run(self):
        v = verdict("lockdep.log")
        kinds = [p for p in v.problems if ": lockdep report" in p]
        self.assertEqual(len(kinds), 1, v.problems)
        self.assertIn("circular locking", kinds[0])

    def test_kmemleak_report_fails_run(self):
        v = verdict("leak.log", expect=("kunit", "unload", "kmemleak"))
        leaks = [p for p in v.problems if "kmemleak" in p]
        self.assertEqual(len(leaks), 1, v.problems)
        self.assertIn("4 suspected leak(s)", leaks[0])


class Pieces(unittest.TestCase):
    def test_kmemleak_of_kunit_mm_is_not_ours(self):
        body = ["unreferenced object 0xffff000007613a00 (size 1672):",
                "  backtrace (crc d7d2f8f4):",
                "    mm_alloc+0x20/0x98",
                "    kunit_vm_mmap_init+0x94/0x260",
                "unreferenced object 0xffff000007611000 (size 64):",
                "  backtrace (crc 0):",
                "    __kmalloc_noprof+0x1c/0x30",
                "    axas_area_alloc+0x20/0x60 [axaddrspace]",
                "unreferenced object 0xffff800080928d68 (size 16):",
                "    __percpu_counter_init_many+0x40/0x198",
                "    kunit_attach_mm+0x30/0x90"]
        self.assertEqual(collect.kmemleak_leaks(body),
                         ["unreferenced object 0xffff000007611000 (size 64):"])
        self.assertEqual(collect.kmemleak_leaks(body[:4]), [])

    def test_tap_counts_and_skips(self):
        s = collect.parse_tap("t", ["TAP version 13", "1..4", "ok 1 a", "not ok 2 b",
                                    "ok 3 c # SKIP no kvm", "  ok 1 nested is ignored",
                                    "ok 4 d"])
        self.assertEqual((s.passed, s.failed, s.skipped), (2, 1, 1))
        self.assertEqual(s.failures, ["b"])

    def test_tap_missing_results_fail(self):
        s = collect.parse_tap("t", ["1..3", "ok 1 a"])
        self.assertEqual((s.passed, s.failed), (1, 2))

    def test_tap_empty_fails(self):
        s = collect.parse_tap("t", ["random noise"])
        self.assertEqual(s.failed, 1)

    def test_taint(self):
        self.assertEqual(collect.decode_taint(274432), "OEN")
        self.assertEqual(collect.decode_taint(1 << 9 | 1 << 12), "WO")
        v = collect.collect_log("x", "AXAS-TAINT: 512\n", None, [])
        self.assertEqual(len(v.problems), 1)
        self.assertIn("unexpected taint W", v.problems[0])
        v = collect.collect_log("x", "AXAS-TAINT: 274432\n", None, [])
        self.assertEqual(v.problems, [])

    def test_allowed_taint_per_log(self):
        # S (CPU out of spec: clearcpuid under Bochs) only where allowed
        log = "AXAS-TAINT: %d\n" % (1 << 2 | 1 << 12 | 1 << 13)
        v = collect.collect_log("bochs", log, None, [])
        self.assertEqual(len(v.problems), 1)
        self.assertIn("unexpected taint SOE", v.problems[0])
        v = collect.collect_log("bochs", log, None, [], "S")
        self.assertEqual(v.problems, [])
        v = collect.collect_log("bochs", "AXAS-TAINT: 512\n", None, [], "S")
        self.assertIn("unexpected taint W", v.problems[0])

    def test_expect_and_allow_per_label(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.log"), os.path.join(d, "b.log")
            with open(a, "w") as f:
                f.write("AXAS-BEGIN: unload\n1..1\nok 1 u\nAXAS-END: unload rc=0\nAXAS-TAINT: 0\n")
            with open(b, "w") as f:
                f.write("AXAS-BEGIN: selftest:g\nTAP version 13\n1..1\nok 1 t\n"
                        "AXAS-END: selftest:g rc=0\nAXAS-TAINT: 4\n")
            out = io.StringIO()
            old, sys.stdout = sys.stdout, out
            try:
                ok = collect.main([f"debug={a}", f"bochs={b}", "--expect-in", "bochs=selftest",
                                   "--allow-taint", "bochs=S"])
                bad = collect.main([f"debug={a}", "--expect-in", "debug=selftest", f"bochs={b}"])
            finally:
                sys.stdout = old
        self.assertEqual(ok, 0, out.getvalue())
        self.assertEqual(bad, 1)
        self.assertIn("debug: expected suite selftest did not run", out.getvalue())
        self.assertIn("bochs: unexpected taint S", out.getvalue())

    def test_unfinished_suite_and_timeout(self):
        log = ("AXAS-BEGIN: selftest:a\nTAP version 13\n1..2\nok 1 x\n"
               "AXAS-VMRUN: TIMEOUT: the guest did not finish in 5 s (hang?)\n")
        v = collect.collect_log("x", log, None, [])
        self.assertTrue(any("never finished" in p for p in v.problems))
        self.assertTrue(any("TIMEOUT" in p for p in v.problems))
        self.assertTrue(any("no taint report" in p for p in v.problems))

    def test_nonzero_exit_without_failures_fails(self):
        log = "AXAS-BEGIN: axctl\n1..1\nok 1 a\nAXAS-END: axctl rc=3\nAXAS-TAINT: 0\n"
        v = collect.collect_log("x", log, None, [])
        self.assertEqual(counts(v), (1, 1, 0))

    def test_warn_and_bug_lines(self):
        log = ("WARNING: CPU: 1 PID: 77 at kmod/pgtable.c:12 axas_pt_map+0x1/0x2\n"
               "BUG: unable to handle page fault for address: 0000000000001000\n"
               "AXAS-TAINT: 0\n")
        v = collect.collect_log("x", log, None, [])
        self.assertEqual(sorted(p.split(": ")[1].split(" report")[0] for p in v.problems),
                         ["BUG", "WARN"])

    def test_missing_log_is_a_failure(self):
        out = io.StringIO()
        old, sys.stdout = sys.stdout, out
        try:
            rc = collect.main(["x=/nonexistent/console.log"])
        finally:
            sys.stdout = old
        self.assertEqual(rc, 1)
        self.assertIn("the VM never ran", out.getvalue())
        self.assertEqual(out.getvalue().splitlines()[-1], "0 passed, 1 failed")

    def test_suite_times(self):
        log = ("AXAS-BEGIN: a\n1..1\nok 1 x\nAXAS-END: a rc=0 secs=7\n"
               "AXAS-BEGIN: b\n1..1\nok 1 y\nAXAS-END: b rc=0 secs=31\n"
               "AXAS-BEGIN: c\n1..1\nok 1 z\nAXAS-END: c rc=0\nAXAS-TAINT: 0\n")
        v = collect.collect_log("x", log, None, [])
        self.assertEqual(counts(v), (3, 0, 0))
        self.assertEqual(v.times, [("x:a", 7), ("x:b", 31)])
        out = io.StringIO()
        collect.report(v, out)
        self.assertEqual(out.getvalue().splitlines()[-2],
                         "Longest suites: x:b 31 s, x:a 7 s; all 2: 38 s")

    def test_closing_line(self):
        v = collect.Verdict(suites=[collect.Suite("a", 3, 1, 2)], problems=["p"])
        out = io.StringIO()
        collect.report(v, out)
        self.assertEqual(out.getvalue().splitlines()[-1], "3 passed, 2 failed, 2 skipped")


class TapResult(unittest.TextTestResult):
    """Print one TAP line per test as it finishes."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.n = 0

    def _tap(self, test, ok, note=""):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} {test.id().split('.', 1)[1]}{note}",
              file=sys.__stdout__)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._tap(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._tap(test, False)

    def addError(self, test, err):
        super().addError(test, err)
        self._tap(test, False)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._tap(test, True, f" # SKIP {reason}")


def main():
    global KUNIT_PY
    args = sys.argv[1:]
    tap = "--tap" in args
    if "--kunit-py" in args:
        KUNIT_PY = args[args.index("--kunit-py") + 1]
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    if tap:
        print("TAP version 13")
        print(f"1..{suite.countTestCases()}")
        runner = unittest.TextTestRunner(stream=sys.stderr, resultclass=TapResult, verbosity=0)
    else:
        runner = unittest.TextTestRunner(verbosity=2)
    ok = runner.run(suite).wasSuccessful()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
