"""The build date, fixed by ``SOURCE_DATE_EPOCH`` so two builds of one checkout are identical.

Shared by the MkDocs hook (the site) and the PDF export.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so two builds of the same checkout are byte-identical."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, check=True, timeout=10,
        )
        return result.stdout.strip() or "0"
    except (OSError, subprocess.SubprocessError):
        return "0"


def build_datetime(root: Path) -> datetime:
    """The build's date and time in UTC: ``SOURCE_DATE_EPOCH``, set first from the last
    commit when it is unset (as the MkDocs hook does), so the site and the PDF agree."""
    if "SOURCE_DATE_EPOCH" not in os.environ:  # asking git costs a process
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    try:
        seconds = int(os.environ["SOURCE_DATE_EPOCH"])
    except ValueError:
        seconds = 0  # a malformed value must not stop a build; 1970 shows it plainly
    return datetime.fromtimestamp(seconds, tz=UTC)
