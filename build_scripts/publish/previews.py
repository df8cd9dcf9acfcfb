"""Material's instant previews on links, where MkDocs renders the page, and nowhere else.

``mkdocs.yml`` lists this module as a Markdown extension, with the settings of Material's
``material.extensions.preview`` (``sources`` and ``targets``, include and exclude patterns of
source paths): it marks the matching links ``data-preview``, and Material's JavaScript then
shows the top of the linked page in a card when the reader hovers or focuses the link.

Material's extension needs the treeprocessor MkDocs adds while it renders a page (``relpath``,
which knows the page's path) and raises without it. This one does nothing there instead, so
the same ``markdown_extensions`` list also serves a Python-Markdown conversion outside MkDocs
(the PDF, the tests), where a preview would mean nothing anyway. It also decides once per
build for each folder and linked path, where Material's resolves every link again: every
article links the same terms by the same paths. Links to a page's own paragraphs (``#…``)
are never previews.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary
from xml.etree.ElementTree import Element

from markdown import Markdown
from material.extensions.preview import PreviewExtension, PreviewProcessor, get_filter
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import _RelativePathTreeprocessor

# Per build (its ``Files``): whether a link from a folder to a path is a preview, by the
# target filter's settings. Every article links the same terms by the same relative paths.
_decisions: WeakKeyDictionary[Files, dict[tuple[str, str, str], bool]] = WeakKeyDictionary()


class _PreviewProcessor(PreviewProcessor):
    def run(self, root: Element) -> None:
        if "relpath" not in self.md.treeprocessors:
            return
        relpath = self.md.treeprocessors["relpath"]
        if not isinstance(relpath, _RelativePathTreeprocessor):
            return
        configurations = [
            *self.config["configurations"],
            {"sources": self.config.get("sources"), "targets": self.config.get("targets")},
        ]
        for configuration in configurations:
            if not configuration.get("sources") and not configuration.get("targets"):
                continue
            if get_filter(configuration, "sources")(relpath.file):
                self._mark_links(root, relpath, configuration)

    @staticmethod
    def _mark_links(root: Element, relpath: _RelativePathTreeprocessor,
                    configuration: dict[str, object]) -> None:
        """Mark internal links (not footnotes) whose target file the ``targets`` filter takes."""
        targets = None
        folder = relpath.file.src_uri.rpartition("/")[0]
        settings = repr(configuration.get("targets"))
        decided = _decisions.setdefault(relpath.files, {})
        for link in root.iter("a"):
            href = link.get("href")
            if not href or href.startswith("#") or "footnote-ref" in link.get("class", ""):
                continue
            url = urlsplit(href)
            if url.scheme or url.netloc:
                continue
            key = (folder, url.path, settings)
            if key not in decided:
                targets = targets or get_filter(configuration, "targets")
                decided[key] = any(
                    targets(target)
                    for path in relpath._possible_target_uris(
                        relpath.file, url.path, relpath.config.use_directory_urls
                    )
                    if (target := relpath.files.get_file_from_path(path)) is not None
                )
            if decided[key]:
                link.set("data-preview", "")


EXTENSION_NAME = "build_scripts.publish.previews"


def previewed_sources(config: MkDocsConfig) -> Callable[[File], bool] | None:
    """Which pages' links get previews under ``config`` (``None``: no page's)."""
    if EXTENSION_NAME not in config.markdown_extensions:
        return None
    settings = (config.mdx_configs or {}).get(EXTENSION_NAME) or {}
    if not settings.get("sources") and not settings.get("targets"):
        return None
    return get_filter(settings, "sources")


class Previews(PreviewExtension):
    """``material.extensions.preview`` that is inert outside an MkDocs page."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.treeprocessors.register(_PreviewProcessor(md, self.getConfigs()), "preview", 0)


def makeExtension(**kwargs: object) -> Previews:
    """Python-Markdown's entry point."""
    return Previews(**kwargs)
