"""MkDocs hook: rerun the build scripts on every build, so ``mkdocs serve`` live-reloads.

Registered in ``mkdocs.yml`` under ``hooks:``. MkDocs imports this module once per
``mkdocs serve`` run, so every input is read inside the event functions, never at
import time. Generated pages are added in memory: writing into ``docs/`` while serving
would make the watcher rebuild forever.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from build_scripts.errors import InputError
from build_scripts.models import TERM_LINK_CLASS, Listing
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader_cached
from build_scripts.publish.builddate import source_date_epoch
from build_scripts.publish.minify import minify_page
from build_scripts.publish.search_zh import configure_jieba
from build_scripts.publish.theme_assets import search_languages, theme_bundle, unused_theme_files
from build_scripts.render.article import with_link_previews
from build_scripts.render.listings import MARKER, listing_html, markdown_for_mkdocs

log = get_plugin_logger(__name__)

# Set in ``config.extra`` by the site build that exports the PDF (see ``publish/site.py``):
# only that site links to it, under this name.
PDF_FLAG = "reader_pdf"
PDF_OFFER = ('Read offline: <a href="reader.pdf" download>the whole reader as one PDF</a>, a '
             "book with contents, page numbers and links that work inside it.\n\n")
PDF_OFFERED_ON = ("index.md", "about.md")
# Glossary links in these pages open Material's instant preview of the term's page, on a site
# with instant navigation, which previews need (the offline site has none: its links keep
# their title, shown as a tooltip).
PREVIEWS_FROM = "articles/"


def project_paths(config: MkDocsConfig) -> ProjectPaths:
    """The project whose ``mkdocs.yml`` is being built."""
    return ProjectPaths(Path(config.config_file_path).resolve().parent)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Watch the seeds and data files, and fix the build date for reproducible output."""
    paths = project_paths(config)
    for folder in paths.watched():
        if folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
    if "SOURCE_DATE_EPOCH" not in os.environ:  # asking git costs a process
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(paths.root)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Run the pipeline and add its pages, replacing any stale copy found in ``docs/``."""
    paths = project_paths(config)
    try:
        reader = build_reader_cached(paths)
    except InputError as error:
        raise PluginError(str(error)) from None
    configure_jieba(reader.glossary)
    for warning in reader.warnings:
        logging.getLogger("build_scripts").warning(warning)
    previews = "navigation.instant" in config.theme.get("features", [])
    _listings.clear()
    _listings_html.clear()
    for page in reader.pages:
        existing = files.get_file_from_path(page.uri)
        if existing is not None:
            files.remove(existing)
        markdown = markdown_for_mkdocs(page)
        if previews and page.uri.startswith(PREVIEWS_FROM):
            markdown = with_link_previews(markdown, TERM_LINK_CLASS)
        if page.listing is not None:
            _listings[page.uri] = page.listing
        files.append(File.generated(config, page.uri, content=markdown))
    for unused in unused_theme_files(files, search_languages(config.plugins)):
        files.remove(unused)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Offer the PDF on the home and About pages, before their first section, when the
    site being built has it."""
    if not config.extra.get(PDF_FLAG) or page.file.src_uri not in PDF_OFFERED_ON:
        return markdown
    head, found, rest = markdown.partition("\n## ")
    return f"{head}\n{PDF_OFFER}## {rest}" if found else f"{markdown}\n\n{PDF_OFFER}"


# The pages' listings (see ``listings``), by page, and their HTML once written: this build's.
_listings: dict[str, Listing] = {}
_listings_html: dict[str, str] = {}


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Write the page's listing as HTML, its links resolved and checked as MkDocs does for
    Markdown links (anchors included, when MkDocs validates them at the end of the build)."""
    listing = _listings.get(page.file.src_uri)
    if listing is None:
        return html
    if MARKER not in html:
        raise PluginError(f"{page.file.src_uri}: the list's place was lost in conversion "
                          "(a Markdown extension changed it); the list cannot be shown.")
    page_url = page.file.url
    links_to_anchors = page.links_to_anchors
    if links_to_anchors is None:
        links_to_anchors = page.links_to_anchors = {}

    def href(target: str) -> str:
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"{page.file.src_uri} lists a link to '{path}', which is not "
                              "among the documentation files.")
        if anchor:
            links_to_anchors.setdefault(file, {}).setdefault(anchor, target)
            return f"{get_relative_url(file.url, page_url)}#{anchor}"
        return get_relative_url(file.url, page_url)

    _listings_html[page.file.src_uri] = listing_html(listing, href)
    return html


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Put the listing's HTML in its place. The listings are kept out of search, and so out
    of the search plugin's way: it would read every link of them to find nothing to index."""
    listing = _listings_html.get(page.file.src_uri)
    if listing is not None and page.content is not None:
        page.content = page.content.replace(MARKER, listing, 1)
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Keep the theme's compiled templates between builds.

    MkDocs compiles Material's forty templates on every build, which takes longer than
    rendering our pages; Jinja's bytecode cache (keyed by each template's source, in a
    per-user temporary folder) compiles them once. The HTML is the same either way.

    The templates also learn where Material's script bundle is (``reader_theme_bundle``), so
    ``overrides/main.html`` can load it after the page's first paint.
    """
    env.globals["reader_theme_bundle"] = theme_bundle(files)
    if env.bytecode_cache is None:
        env.bytecode_cache = FileSystemBytecodeCache()
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Minify the page: a tenth smaller, and no other change."""
    return minify_page(output)
