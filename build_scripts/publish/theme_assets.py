"""Leave out the theme files this site never loads, and find Material's script bundle.

Material ships lunr's word stemmers and segmenters for thirty languages (900 kB) and copies
them into every site; its search worker loads them only for a search language other than
English. Our search language is English (Chinese is cut into words at build time, see
``search_zh.py``), so the site needs none of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mkdocs.structure.files import File

LUNR_FOLDER = "assets/javascripts/lunr/"
BUNDLE_PATTERN = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")


def unused_theme_files(files: Iterable[File], search_languages: Iterable[str]) -> list[File]:
    """The theme's files the search worker will not load with ``search_languages``."""
    if set(search_languages) != {"en"}:
        return []
    return [file for file in files if file.src_uri.startswith(LUNR_FOLDER)]


def theme_bundle(files: Iterable[File]) -> str | None:
    """The address (from the site's root) of Material's script bundle, if the theme has one.

    Its name carries a hash that changes with Material's version, and Material's own template
    writes it in literally; the template that loads it after the first paint
    (``overrides/main.html``) learns it from here.
    """
    for file in files:
        if BUNDLE_PATTERN.fullmatch(file.src_uri):
            return file.url
    return None


def search_languages(plugins: object) -> list[str]:
    """The languages Material's search plugin is configured with (none without it)."""
    search = getattr(plugins, "get", lambda _name: None)("material/search")
    if search is None:
        return []
    return list(search.config.lang or ["en"])
