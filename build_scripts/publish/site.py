"""Publish the reader with MkDocs: build into a fresh folder, then swap it in.

A failed build leaves the last good ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader_cached
from build_scripts.publish.mkdocs_hook import PDF_FLAG


class SiteBuildError(RuntimeError):
    """MkDocs could not build the site (its own message says why)."""


def build_site(paths: ProjectPaths, site_dir: Path, config_file: Path | None = None,
               with_pdf: bool = True) -> None:
    """Validate the inputs, build the site with ``--strict`` elsewhere, and swap it in.

    With ``with_pdf``, the whole reader is also exported as ``reader.pdf`` into the site.

    Raises:
        InputError: A seed or data file is bad (nothing was built).
        SiteBuildError: MkDocs failed or warned in strict mode.
    """
    # Fails on bad input before MkDocs prints anything; the hook then takes this reader.
    build_reader_cached(paths)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        config = load_config(
            str(config_file or paths.root / "mkdocs.yml"), strict=True, site_dir=str(staging)
        )
        # The hook offers the PDF only on a site that will have it.
        config.extra[PDF_FLAG] = with_pdf
        build(config)
        if with_pdf:
            # Imported here: WeasyPrint takes longer to import than MkDocs takes to build
            # the site, and a build without the PDF (mkdocs serve, the benchmark) needs none.
            from build_scripts.publish.pdf.export import PDF_NAME, export_pdf

            export_pdf(paths, staging / PDF_NAME)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, MkDocsException):
            raise SiteBuildError(str(error) or type(error).__name__) from error
        raise
    _swap(staging, site_dir)


def _swap(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames, so no reader sees half a site."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.rmdir(old)
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
