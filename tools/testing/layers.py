#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The include rules of the module's layers (make style, make check).

  kmod/pgtable/  the portable core: quoted includes from pgtable/ only;
                 <...> only the headers tools/testing/uspace/include/ has a
                 user-space stand-in for, the uapi header and the address
                 types of the in-kernel API (<linux/axaddrspace_types.h>)
  kmod/space/    quoted includes from space/ and pgtable/, and the kernel
                 compatibility header (compat.h)
  kmod/dev/      quoted includes from dev/, the space layer's public header
                 (space/addrspace.h), the version header (axas.h) and
                 compat.h
  kmod/main.c    axas.h, dev/dev.h and space/addrspace.h
  kmod/testvm/   the test hypervisor: quoted includes from testvm/ only (it
                 reaches the module through <linux/axaddrspace.h> alone)
  kmod/tests/    anything (the suites reach into every layer)

A quoted include is resolved as the compiler does: next to the including
file, then in include/ (kmod/Kbuild's -I).  One that resolves nowhere is
an error too.

Run: layers.py [--tap] [TOP]; exit status 1 on any violation.
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def uspace_headers(top):
    """The <...> headers the portable core may use: those with a stand-in."""
    base = os.path.join(top, "tools/testing/uspace/include")
    found = {"uapi/linux/axaddrspace.h", "linux/axaddrspace_types.h"}
    for d, _, files in os.walk(base):
        for f in files:
            if f.endswith(".h"):
                found.add(os.path.relpath(os.path.join(d, f), base))
    return found


def allowed_quoted(rel):
    """Directories (relative to kmod/) and files a kmod/ file may include."""
    layer = rel.split("/")[0]
    if layer == "pgtable":
        return ["pgtable/"], []
    if layer == "space":
        return ["space/", "pgtable/"], ["compat.h"]
    if layer == "dev":
        return ["dev/"], ["space/addrspace.h", "axas.h", "compat.h"]
    if layer == "testvm":
        return ["testvm/"], []
    if rel == "main.c":
        return [], ["axas.h", "dev/dev.h", "space/addrspace.h"]
    return None, None


def resolve(top, path, name):
    """kmod/-relative path of a quoted include, or None outside kmod/."""
    kmod = os.path.join(top, "kmod")
    for base in (os.path.dirname(path), os.path.join(top, "include")):
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.exists(cand):
            rel = os.path.relpath(cand, kmod)
            return rel if not rel.startswith("..") else "../" + rel
    return "?" + name


def check_file(top, path, angle_ok):
    rel = os.path.relpath(path, os.path.join(top, "kmod"))
    dirs, files = allowed_quoted(rel)
    if dirs is None:
        return []
    problems = []
    with open(path, errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            where = "kmod/%s:%d: " % (rel, n)
            if kind == "<":
                if rel.startswith("pgtable/") and name not in angle_ok:
                    problems.append(where + "<%s> has no user-space stand-in "
                                    "(tools/testing/uspace/include/)" % name)
                continue
            target = resolve(top, path, name)
            if target.startswith("?"):
                problems.append(where + '"%s" resolves nowhere' % name)
            elif not (any(target.startswith(d) for d in dirs) or target in files):
                problems.append(where + '"%s" (%s) crosses the layer rule'
                                % (name, target))
    return problems


def check_tree(top):
    angle_ok = uspace_headers(top)
    problems = []
    kmod = os.path.join(top, "kmod")
    for d, _, names in sorted(os.walk(kmod)):
        for name in sorted(names):
            if name.endswith((".c", ".h")) and not name.endswith(".mod.c"):
                problems += check_file(top, os.path.join(d, name), angle_ok)
    return problems


def main(argv):
    tap = "--tap" in argv
    args = [a for a in argv if a != "--tap"]
    top = os.path.abspath(args[0] if args else
                          os.path.join(os.path.dirname(__file__), "../.."))
    problems = check_tree(top)
    if tap:
        print("TAP version 13\n1..1")
        print("%sok 1 include rules of the layers" % ("not " if problems else ""))
        for p in problems:
            print("# " + p)
    else:
        for p in problems:
            print(p)
        print("layers: %d violation(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
