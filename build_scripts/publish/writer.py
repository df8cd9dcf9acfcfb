"""Write the generated pages into ``docs/`` so any MkDocs-compatible generator can publish them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from build_scripts.models import GeneratedPage

# Generated files are listed here so a later run removes pages whose seed was deleted.
MANIFEST = ".generated"


def write_pages(pages: Iterable[GeneratedPage], docs_dir: Path) -> list[Path]:
    """Write ``pages`` below ``docs_dir``, delete pages a previous run wrote and no longer makes.

    Files are rewritten only when their content changed, so a watcher sees no spurious change.
    """
    manifest = docs_dir / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split()) if manifest.exists() else set()
    written = []
    for page in pages:
        target = docs_dir / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != page.markdown:
            target.write_text(page.markdown, encoding="utf-8")
        written.append(target)
    current = {str(path.relative_to(docs_dir)) for path in written}
    for stale in sorted(previous - current):
        (docs_dir / stale).unlink(missing_ok=True)
    manifest.write_text("\n".join(sorted(current)) + "\n", encoding="utf-8")
    return written
