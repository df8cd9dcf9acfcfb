"""Write the reader's pages as plain Markdown (Python-Markdown with attr_list and md_in_html,
as Material for MkDocs and Zensical read it)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter

from build_scripts.models import (
    Article,
    ArticleAnnotations,
    Block,
    BlockKind,
    GeneratedPage,
    InlineLink,
    InlineNote,
    Source,
)
from build_scripts.render.escaping import front_matter, link_address
from build_scripts.render.markdown_text import attribute_value, escape, escape_heading

ARTICLES_DIR = "articles"


def article_uri(article: Article) -> str:
    """The page of ``article``, relative to ``docs/``."""
    return f"{ARTICLES_DIR}/{article.slug}.md"


def description_of(article: Article) -> str:
    """One line describing the article, for the home page and search engines."""
    if article.info.summary:
        return article.info.summary
    return article.standfirst.text if article.standfirst else ""


def _provenance(article: Article) -> list[str]:
    """The provenance lines: publisher, kind, date, author, original; then how the date
    was worked out, when the editors say. Unknown fields are said to be unknown."""
    info = article.info
    parts = [
        f"Publisher: {escape(info.publisher) if info.publisher else 'not known'}",
        f"Kind: {escape(info.kind) if info.kind else 'not known'}",
        f"Date: {escape(info.date) if info.date else 'not stated'}",
        f"Author: {escape(info.author) if info.author else 'not named'}",
        f"{article.reading_minutes} min read",
    ]
    if info.url:
        parts.append(f"[Original article]({link_address(info.url)}){{: .reader-original }}")
    lines = [" · ".join(parts)]
    if info.date_note:
        lines.append(escape(info.date_note))
    return lines


def render_header(article: Article) -> str:
    """The header block: standfirst, provenance and the metadata lines found in the seed."""
    out = ['<div class="reader-header" markdown>', ""]
    if article.standfirst is not None:
        out += [escape(article.standfirst.text), "{: .reader-standfirst }", ""]
    for line in _provenance(article):
        out += [line, "{: .reader-provenance }", ""]
    for meta in article.meta:
        shown = meta.text
        if not shown.lower().startswith(meta.label.lower()):
            shown = f"{meta.label}: {shown}"
        out += [escape(shown), f"{{: .reader-meta data-field={meta.field} }}", ""]
    out += ["</div>", ""]
    return "\n".join(out)


def source_links(sources: Sequence[Source]) -> str:
    """Sources as Markdown links in one line, separated by semicolons."""
    return "; ".join(f"[{escape(source.title)}]({link_address(source.url)})"
                     for source in sources)


def relative_link(from_uri: str, target: str) -> str:
    """The address of ``target`` (a page below ``docs/``, maybe with ``#fragment``) as seen
    from the page ``from_uri``."""
    path, _, fragment = target.partition("#")
    if not path:
        return f"#{fragment}"
    relative = _relative_path(from_uri.rpartition("/")[0], path)  # dirname: uris are relative
    return f"{relative}#{fragment}" if fragment else relative


@lru_cache(maxsize=65536)
def _relative_path(from_dir: str, path: str) -> str:
    # Cached: the pages of a folder link to the same pages many times over.
    to_dir, name = posixpath.split(path)
    folder = posixpath.relpath(to_dir or ".", from_dir or ".")
    return name if folder == "." else f"{folder}/{name}"


@lru_cache(maxsize=65536)
def _inline_link(text: str, from_dir: str, target: str, title: str, css_class: str) -> str:
    # Cached: a collection names the same terms, linked to the same pages, thousands of times.
    href = relative_link(f"{from_dir}/", target)
    return f'[{escape(text)}]({href}){{: .{css_class} title="{attribute_value(title)}" }}'


def _escape_before_link(text: str) -> str:
    """Text followed by a link or a note marker: a "!" just before its "[" would make it an
    image."""
    escaped = escape(text)
    return f"{escaped[:-1]}&#33;" if escaped.endswith("!") else escaped


_BY_START = attrgetter("start")
_BY_OFFSET = attrgetter("offset")


def annotate_text(
    text: str, links: Sequence[InlineLink], notes: Sequence[InlineNote], page_uri: str
) -> str:
    """``text`` as Markdown with its links and footnote markers; the text itself stays text."""
    out: list[str] = []
    position = 0
    pending = sorted(notes, key=_BY_OFFSET) if notes else []
    page_dir = page_uri.rpartition("/")[0]
    for link in sorted(links, key=_BY_START) if len(links) > 1 else links:
        start = link.start
        if start < position:
            continue  # overlapping links: the first one wins
        while pending and pending[0].offset <= start:
            note = pending.pop(0)
            out.append(_escape_before_link(text[position : note.offset]) + f"[^{note.key}]")
            position = note.offset
        if start > position:
            out.append(_escape_before_link(text[position:start]))
        out.append(_inline_link(text[start : link.end], page_dir, link.target, link.title,
                                link.css_class))
        position = link.end
        # A note whose quote ends inside the link goes right after it.
        while pending and pending[0].offset <= position:
            out.append(f"[^{pending.pop(0).key}]")
    for note in pending:
        out.append(_escape_before_link(text[position : note.offset]) + f"[^{note.key}]")
        position = note.offset
    out.append(escape(text[position:]))
    return "".join(out)


def with_link_previews(markdown: str, css_class: str) -> str:
    """``markdown`` whose links of ``css_class`` (as :func:`annotate_text` wrote them) open
    Material's instant preview of the page they link to (its documented ``data-preview``
    attribute) in place of their ``title``: Material shows the preview instead of a title,
    so the title would only weigh on the page.

    Text from a seed cannot match: its braces are escaped.
    """
    pattern = rf'\)\{{: \.{re.escape(css_class)} title="[^"]*" \}}'
    return re.sub(pattern, f"){{: .{css_class} data-preview }}", markdown)


def render_block(block: Block, body: str | None = None) -> str:
    """One body block. ``body`` is the block's Markdown when a later step annotated it."""
    text = body if body is not None else escape(block.text)
    if block.kind is BlockKind.HEADING:
        return f"## {escape_heading(block.text)} {{: #{block.anchor} }}\n"
    if block.kind is BlockKind.CAPTION:
        return f"{text}\n{{: .reader-caption #{block.anchor} }}\n"
    title = attribute_value(f"Paragraph {block.number}: link to it")
    # The ¶ and the Source panel are kept out of the search index (Material's documented
    # exclusion): a search shows the paragraph, not its link sign or the page's furniture.
    pilcrow = (f'[¶](#{block.anchor}){{: .headerlink .reader-pilcrow data-search-exclude '
               f'title="{title}" }}')
    return f"{text} {pilcrow}\n{{: #{block.anchor} .reader-p data-n={block.number} }}\n"


def render_source_panel(article: Article) -> str:
    """The collapsed Source panel: file, checksum and every line removed, with its rule."""
    seed = article.seed
    # An HTML details element (md_in_html) rather than pymdownx.details' ``???`` block: the
    # same HTML, and the build need not import pymdownx (a fiftieth of a second).
    lines = [
        '<details class="abstract reader-source" markdown data-search-exclude>',
        "<summary>Source</summary>",
        "",
        f"File: {escape(seed.file_name)}",
        "",
        f"SHA-256: {seed.sha256}",
        "",
    ]
    if seed.encoding == "cp1252":
        lines += ["Read as Windows-1252 text, not UTF-8.", ""]
    elif seed.encoding == "html":
        lines += ["A saved web page: lines are those of its visible text, one block a line.",
                  ""]
    if article.removed:
        count = len(article.removed)
        lines += [f"Removed as page furniture ({count} line{'s' if count > 1 else ''}):", ""]
        for removed in article.removed:
            rule = _removed_by(removed.rule_id, removed.rule_description)
            lines.append(f"- Line {removed.line}, {rule}: {escape(removed.text)}")
        lines.append("")
    else:
        lines += ["No line was removed.", ""]
    lines.append("</details>")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1024)
def _removed_by(rule_id: str, description: str) -> str:
    # Cached: the same few rules remove lines from every article.
    return f"rule *{escape(rule_id)}* ({escape(description)})"


def render_article(
    article: Article, annotations: ArticleAnnotations | None = None
) -> GeneratedPage:
    """The page of one article, with what later steps added (links, notes, sections)."""
    annotations = annotations or ArticleAnnotations()
    uri = article_uri(article)
    parts = [
        front_matter({"title": article.title, "description": description_of(article)}),
        f"# {escape_heading(article.title)}\n",
        render_header(article),
    ]
    for block in article.blocks:
        links = annotations.links.get(block.anchor, [])
        notes = annotations.notes.get(block.anchor, [])
        body = annotate_text(block.text, links, notes, uri) if links or notes else None
        parts.append(render_block(block, body))
        parts += annotations.after_block.get(block.anchor, [])
    parts += annotations.sections
    parts.append(render_source_panel(article))
    parts += annotations.footnotes
    return GeneratedPage(uri, "\n".join(parts))


def render_home(articles: Sequence[Article], site_name: str) -> GeneratedPage:
    """The home page: every article with publisher, date, reading time and summary."""
    out = [
        front_matter({"title": site_name, "description": f"{len(articles)} articles, annotated."}),
        f"# {escape_heading(site_name)}\n",
        "News articles on Chinese technology companies, censorship and data, cleaned of page "
        "furniture and annotated for study. Each article keeps a Source panel listing every "
        "line removed from the raw text.\n",
        f"## Articles ({len(articles)})\n",
        '<div class="grid cards reader-articles" markdown>',
        "",
    ]
    for article in articles:
        facts = [escape(part) for part in (article.info.publisher, article.info.date) if part]
        facts.append(f"{article.reading_minutes} min read")
        out.append(f"-   **[{escape(article.title)}]({article_uri(article)})**")
        out.append("")
        out.append(f"    {' · '.join(facts)}")
        summary = description_of(article)
        if summary:
            out += ["", f"    {escape(summary)}"]
        out.append("")
    out += ["</div>", ""]
    return GeneratedPage("index.md", "\n".join(out))
