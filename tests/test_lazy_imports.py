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
