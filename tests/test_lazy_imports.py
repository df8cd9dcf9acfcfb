"""A deferred import still works when it is used."""

from __future__ import annotations

import subprocess
import sys


def test_requests_loads_on_first_use_only() -> None:
    script = (
        "import sys\n"
        "from build_scripts.lazy_imports import defer_unused_imports\n"
        "defer_unused_imports()\n"
        "import material.plugins.privacy.plugin\n"
        "print('urllib3' in sys.modules)\n"
        "import requests\n"
        "print(requests.codes.ok, 'urllib3' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "200", "True"]


def test_jieba_loads_pkg_resources_on_first_use_only() -> None:
    script = (
        "import sys\n"
        "from build_scripts.lazy_imports import defer_unused_imports\n"
        "defer_unused_imports()\n"
        "import material.plugins.search.plugin\n"
        "import jieba._compat\n"
        "print(type(sys.modules['pkg_resources']).__name__)\n"
        "stream = jieba._compat.get_module_res('dict.txt')\n"
        "print(len(stream.readline()) > 0, type(sys.modules['pkg_resources']).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", script], capture_output=True,
                            text=True, check=True)
    assert result.stdout.split() == ["_Deferred", "True", "module"]
