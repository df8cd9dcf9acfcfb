"""Leave out the theme files this site never loads.

Material ships lunr's word stemmers and segmenters for thirty languages (900 kB) and copies
them into every site; its search worker loads them only for a search language other than
English. Our search language is English (Chinese is cut into words at build time, see
``search_zh.py``), so the site needs none of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.structure.files import File

LUNR_FOLDER = "assets/javascripts/lunr/"


def unused_theme_files(files: Iterable[File], search_languages: Iterable[str]) -> list[File]:
    """The theme's files the search worker will not load with ``search_languages``."""
    if set(search_languages) != {"en"}:
        return []
    return [file for file in files if file.src_uri.startswith(LUNR_FOLDER)]


def search_languages(plugins: object) -> list[str]:
    """The languages Material's search plugin is configured with (none without it)."""
    search = getattr(plugins, "get", lambda _name: None)("material/search")
    if search is None:
        return []
    return list(search.config.lang or ["en"])
