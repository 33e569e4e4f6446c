# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of the axaddrspace documentation.
#
#   make htmldocs    HTML in Documentation/output/html/
#   make mandocs     the axctl(1) man page in Documentation/output/man/
#
# Plain Sphinx only (Debian's python3-sphinx): no extension, no network.

import os
import re

_top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _module_version():
    """AXAS_VERSION_STR of kmod/axas.h, the one place the version is kept."""
    with open(os.path.join(_top, "kmod", "axas.h")) as f:
        m = re.search(r'#define\s+AXAS_VERSION_STR\s+"([^"]+)"', f.read())
    return m.group(1) if m else "unknown"


project = "axaddrspace"
author = "The axaddrspace developers"
copyright = "the axaddrspace developers; GPL-2.0"
release = _module_version()
version = release

root_doc = "index"
extensions = []
exclude_patterns = ["output"]
templates_path = []

# Code blocks say their language; plain literal blocks stay unhighlighted.
highlight_language = "none"

# Every page, and the man page, carries the date of the build only when
# asked; keep the output reproducible otherwise.
today_fmt = "%Y-%m-%d"

html_title = "axaddrspace " + release
html_static_path = []
html_show_sourcelink = False

# The axctl(1) man page is built from axctl.rst by the man builder.
man_pages = [
    ("axctl", "axctl",
     "",
     [author], 1),
]
man_show_urls = False
man_make_section_directory = False
