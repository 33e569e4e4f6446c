#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of tools/testing/layers.py: each layer rule fails on a violation.

Run: test_layers.py [--tap]
"""

import contextlib
import io
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "../../.."))
sys.path.insert(0, os.path.dirname(HERE))
import layers  # noqa: E402

# A tree with one file per layer, every include allowed.
CLEAN = {
    "tools/testing/uspace/include/linux/bits.h": "",
    "include/uapi/linux/axaddrspace.h": "",
    "kmod/axas.h": "",
    "kmod/main.c": '#include "axas.h"\n#include "dev/dev.h"\n#include "space/addrspace.h"\n',
    "kmod/pgtable/pgtable.h": "#include <linux/bits.h>\n#include <uapi/linux/axaddrspace.h>\n",
    "kmod/pgtable/walk.c": '#include "pgtable.h"\n',
    "kmod/space/space.h": '#include "addrspace.h"\n',
    "kmod/space/addrspace.h": '#include "../pgtable/pgtable.h"\n',
    "kmod/space/map.c": '#include <linux/mm.h>\n#include "space.h"\n',
    "kmod/dev/dev.h": "",
    "kmod/dev/dev.c": '#include <linux/fs.h>\n#include "../axas.h"\n'
                      '#include "dev.h"\n#include "../space/addrspace.h"\n',
    "kmod/tests/t.c": '#include "../space/space.h"\n#include "../dev/dev.h"\n',
}


class Layers(unittest.TestCase):
    def setUp(self):
        self.top = tempfile.mkdtemp()
        for path, text in CLEAN.items():
            self.write(path, text)

    def tearDown(self):
        shutil.rmtree(self.top)

    def write(self, path, text):
        full = os.path.join(self.top, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)

    def problems(self):
        return layers.check_tree(self.top)

    def violation(self, path, line):
        self.write(path, CLEAN.get(path, "") + line)
        p = self.problems()
        self.assertEqual(len(p), 1, p)
        self.assertTrue(p[0].startswith(path), p)
        return p[0]

    def test_clean_tree_passes(self):
        self.assertEqual(self.problems(), [])

    def test_real_tree_passes(self):
        self.assertEqual(layers.check_tree(TOP), [])

    def test_pgtable_includes_space(self):
        self.assertIn("crosses", self.violation(
            "kmod/pgtable/walk.c", '#include "../space/addrspace.h"\n'))

    def test_pgtable_includes_kernel_only_header(self):
        self.assertIn("no user-space stand-in", self.violation(
            "kmod/pgtable/walk.c", "#include <linux/mm.h>\n"))

    def test_space_includes_dev(self):
        self.violation("kmod/space/map.c", '#include "../dev/dev.h"\n')

    def test_dev_includes_space_internals(self):
        self.violation("kmod/dev/dev.c", '#include "../space/space.h"\n')

    def test_dev_includes_pgtable(self):
        self.violation("kmod/dev/dev.c", '#include "../pgtable/pgtable.h"\n')

    def test_main_includes_space_internals(self):
        self.violation("kmod/main.c", '#include "space/space.h"\n')

    def test_testvm_includes_space_internals(self):
        self.write("kmod/testvm/vcpu.c", "#include <linux/axaddrspace.h>\n")
        self.assertEqual(self.problems(), [])
        self.violation("kmod/testvm/vcpu.c", '#include "../space/space.h"\n')

    def test_unresolved_include(self):
        self.assertIn("resolves nowhere", self.violation(
            "kmod/space/map.c", '#include "nowhere.h"\n'))

    def test_exit_status(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.write("kmod/dev/dev.c", '#include "../pgtable/pgtable.h"\n')
            self.assertEqual(layers.main([self.top]), 1)
            self.write("kmod/dev/dev.c", "")
            self.assertEqual(layers.main([self.top]), 0)
        self.assertIn("layers: 1 violation(s)", out.getvalue())


class Tap(unittest.TextTestResult):
    """One TAP line per test, as make check counts them."""

    n = 0

    def addSuccess(self, test):
        Tap.n += 1
        print("ok %d %s" % (Tap.n, test.id()))

    def addFailure(self, test, err):
        Tap.n += 1
        print("not ok %d %s" % (Tap.n, test.id()))
        for line in self._exc_info_to_string(err, test).splitlines():
            print("# " + line)

    addError = addFailure


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Layers)
    if "--tap" in sys.argv:
        print("TAP version 13\n1..%d" % suite.countTestCases())
        with open(os.devnull, "w") as null:
            r = unittest.TextTestRunner(stream=null, resultclass=Tap).run(suite)
    else:
        r = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if r.wasSuccessful() else 1)
