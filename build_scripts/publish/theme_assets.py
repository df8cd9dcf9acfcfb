"""Leave out the theme files this site never loads, and find the others without a long walk.

Material ships lunr's word stemmers and segmenters for thirty languages (900 kB) and copies
them into every site; its search worker loads them only for a search language other than
English. Our search language is English (Chinese is cut into words at build time, see
``search_zh.py``), so the site needs none of them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from jinja2 import Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

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


class VisibleFilesLoader(FileSystemLoader):
    """A theme's loader that lists no file inside a hidden folder.

    MkDocs copies a theme's static files by listing every file of the theme and discarding,
    among others, every path with a part that starts with a dot. Material keeps its 14,000
    icons in ``.icons/`` (they are inlined by its Markdown extensions, never copied), so
    listing them, then testing each against MkDocs' patterns, took a sixth of a second of
    every build, to keep 160 files.
    """

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
                found.update(prefix + name for name in names)
        return sorted(found)


_mkdocs_add_files_from_theme = Files.add_files_from_theme


def add_files_from_theme(files: Files, env: Environment, config: MkDocsConfig) -> None:
    """``Files.add_files_from_theme``, MkDocs' own, given a loader that skips hidden folders.

    The result is the same: MkDocs' own filter still decides, and it drops every path in a
    hidden folder anyway.
    """
    loader = env.loader
    if type(loader) is FileSystemLoader:
        visible = VisibleFilesLoader(loader.searchpath, loader.encoding, loader.followlinks)
        env = env.overlay(loader=visible)
    _mkdocs_add_files_from_theme(files, env, config)


def list_theme_files_quickly(quickly: bool = True) -> None:
    """Make ``Files.add_files_from_theme`` skip hidden folders (or, with ``False``, not)."""
    Files.add_files_from_theme = (  # type: ignore[method-assign]
        add_files_from_theme if quickly else _mkdocs_add_files_from_theme
    )
