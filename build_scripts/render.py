"""Write the reader's pages as plain Markdown (Python-Markdown with attr_list, md_in_html and
pymdownx.details, as Material for MkDocs and Zensical read it)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from build_scripts.markdown_text import attribute_value, escape, escape_heading
from build_scripts.models import Article, Block, BlockKind, GeneratedPage

ARTICLES_DIR = "articles"


def article_uri(article: Article) -> str:
    """The page of ``article``, relative to ``docs/``."""
    return f"{ARTICLES_DIR}/{article.slug}.md"


def front_matter(fields: dict[str, str]) -> str:
    """YAML front matter for MkDocs (title, description, ...).

    Values are written as JSON strings, which YAML reads as they are, and much faster to
    write than through a YAML emitter.
    """
    body = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                   for key, value in fields.items())
    return f"---\n{body}---\n\n"


def description_of(article: Article) -> str:
    """One line describing the article, for the home page and search engines."""
    if article.info.summary:
        return article.info.summary
    return article.standfirst.text if article.standfirst else ""


def _provenance(article: Article) -> str:
    info = article.info
    parts = []
    if info.publisher:
        parts.append(escape(info.publisher))
    if info.kind:
        parts.append(escape(info.kind.capitalize()))
    if info.author:
        parts.append("By " + escape(info.author))
    if info.date:
        parts.append(escape(info.date))
    elif info.date_note:
        parts.append(escape(info.date_note))
    parts.append(f"{article.reading_minutes} min read")
    line = " · ".join(parts)
    if info.url:
        line += f" · [Original]({info.url})"
    return line


def render_header(article: Article) -> str:
    """The header block: standfirst, provenance and the metadata lines found in the seed."""
    out = ['<div class="reader-header" markdown>', ""]
    if article.standfirst is not None:
        out += [escape(article.standfirst.text), "{: .reader-standfirst }", ""]
    out += [_provenance(article), "{: .reader-provenance }", ""]
    for meta in article.meta:
        shown = meta.text
        if not shown.lower().startswith(meta.label.lower()):
            shown = f"{meta.label}: {shown}"
        out += [escape(shown), f"{{: .reader-meta data-field={meta.field} }}", ""]
    out += ["</div>", ""]
    return "\n".join(out)


def render_block(block: Block, body: str | None = None) -> str:
    """One body block. ``body`` is the block's Markdown when a later step annotated it."""
    text = body if body is not None else escape(block.text)
    if block.kind is BlockKind.HEADING:
        return f"## {escape_heading(block.text)} {{: #{block.anchor} }}\n"
    if block.kind is BlockKind.CAPTION:
        return f"{text}\n{{: .reader-caption }}\n"
    title = attribute_value(f"Paragraph {block.number}: link to it")
    pilcrow = f'[¶](#{block.anchor}){{: .headerlink .reader-pilcrow title="{title}" }}'
    return f"{text} {pilcrow}\n{{: #{block.anchor} .reader-p data-n={block.number} }}\n"


def render_source_panel(article: Article) -> str:
    """The collapsed Source panel: file, checksum and every line removed, with its rule."""
    seed = article.seed
    lines = [
        '??? abstract "Source"',
        "",
        f"    File: {escape(seed.file_name)}",
        "",
        f"    SHA-256: {seed.sha256}",
        "",
    ]
    if seed.encoding == "cp1252":
        lines += ["    Read as Windows-1252 text, not UTF-8.", ""]
    if article.removed:
        count = len(article.removed)
        lines += [f"    Removed as page furniture ({count} line{'s' if count > 1 else ''}):", ""]
        for removed in article.removed:
            lines.append(
                f"    - Line {removed.line}, rule *{escape(removed.rule_id)}* "
                f"({escape(removed.rule_description)}): {escape(removed.text)}"
            )
        lines.append("    {: .reader-removed }")
    else:
        lines.append("    No line was removed.")
    return "\n".join(lines) + "\n"


def render_article(article: Article, bodies: dict[str, str] | None = None,
                   after_body: Sequence[str] = ()) -> GeneratedPage:
    """The page of one article.

    Args:
        article: The cleaned article.
        bodies: Annotated Markdown for some blocks, by anchor (from later steps).
        after_body: Markdown sections to place between the body and the Source panel.
    """
    bodies = bodies or {}
    parts = [
        front_matter({"title": article.title, "description": description_of(article)}),
        f"# {escape_heading(article.title)}\n",
        render_header(article),
    ]
    parts += [render_block(block, bodies.get(block.anchor)) for block in article.blocks]
    parts += list(after_body)
    parts.append(render_source_panel(article))
    return GeneratedPage(article_uri(article), "\n".join(parts))


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
