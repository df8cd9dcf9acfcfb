"""Material's instant previews on links, where MkDocs renders the page, and nowhere else.

``mkdocs.yml`` lists this module as a Markdown extension, with the settings of Material's
``material.extensions.preview`` (``sources`` and ``targets``, include and exclude patterns of
source paths): it marks the matching links ``data-preview``, and Material's JavaScript then
shows the top of the linked page in a card when the reader hovers or focuses the link.

Material's extension needs the treeprocessor MkDocs adds while it renders a page (``relpath``,
which knows the page's path) and raises without it. This one does nothing there instead, so
the same ``markdown_extensions`` list also serves a Python-Markdown conversion outside MkDocs
(the PDF, the tests), where a preview would mean nothing anyway.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Markdown
from material.extensions.preview import PreviewExtension, PreviewProcessor


class _PreviewProcessor(PreviewProcessor):
    def run(self, root: Element) -> None:
        if "relpath" not in self.md.treeprocessors:
            return
        super().run(root)


class Previews(PreviewExtension):
    """``material.extensions.preview`` that is inert outside an MkDocs page."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.treeprocessors.register(_PreviewProcessor(md, self.getConfigs()), "preview", 0)


def makeExtension(**kwargs: object) -> Previews:
    """Python-Markdown's entry point."""
    return Previews(**kwargs)
