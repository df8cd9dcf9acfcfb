"""Write the glossary's pages: an index (A–Z and by kind) and one page per term, each with
every place the term is mentioned."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from build_scripts.annotate.mentions import Occurrence
from build_scripts.models import (
    Article,
    GeneratedPage,
    Glossary,
    ListedLink,
    ListItem,
    Strong,
    Term,
)
from build_scripts.render.article import article_uri
from build_scripts.render.escaping import front_matter, link_address
from build_scripts.render.listings import page_with_listing
from build_scripts.render.markdown_text import escape, escape_editorial, escape_heading
from build_scripts.vocab import TermKind

GLOSSARY_DIR = "glossary"
# Up to this many paragraphs, a term page quotes the sentence of every one; beyond, it lists
# each article once.
FULL_QUOTES = 200
# A space after a full stop (and perhaps a closing quote) before a capital starts a sentence:
# the space is group 1. Matched from the stop, which ``re`` finds by scanning for it, rather
# than by looking behind every space (four times slower; ``test_glossary`` checks both agree).
SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]?(\s+)(?=[\"“‘(\[]?[A-Z0-9])")


def term_uri(term_id: str) -> str:
    """The page of a term, relative to ``docs/``."""
    return f"{GLOSSARY_DIR}/{term_id}.md"


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence of ``text`` that holds ``text[start:end]``, and the span's place in it."""
    sentence_start, sentence_end = 0, len(text)
    for boundary in SENTENCE_END.finditer(text):
        if boundary.end(1) <= start:
            sentence_start = boundary.end(1)
        elif boundary.start(1) >= end:
            sentence_end = boundary.start(1)
            break
    return text[sentence_start:sentence_end], start - sentence_start, end - sentence_start


def _mentioned_in(
    term: Term, occurrences: Sequence[Occurrence], articles: dict[str, Article]
) -> tuple[list[str], list[ListItem]]:
    """Every article and paragraph that mentions the term, with the sentence around it: the
    section's Markdown before the list, and the list.

    Kept out of search (the articles are indexed on their own pages). A term mentioned in
    more than :data:`FULL_QUOTES` paragraphs lists each article once, linked to its first
    paragraph that mentions the term, with the number of the others, so a large collection
    does not copy itself into its term pages.
    """
    heading = "## Mentioned in {: #mentioned-in data-search-exclude }"
    if not occurrences:
        return [heading, "", "Not mentioned in any article yet.", ""], []
    by_article: dict[str, dict[str, Occurrence]] = {}
    for occurrence in occurrences:
        by_article.setdefault(occurrence.article_slug, {}).setdefault(
            occurrence.block_anchor, occurrence)
    paragraphs = sum(len(blocks) for blocks in by_article.values())
    count = len(occurrences)
    out = [heading, "",
           f"{count} mention{'s' if count != 1 else ''} in {paragraphs} "
           f"paragraph{'s' if paragraphs != 1 else ''} of {len(by_article)} "
           f"article{'s' if len(by_article) != 1 else ''}.", ""]
    items: list[ListItem] = []
    for slug in sorted(by_article, key=lambda slug: articles[slug].seed.file_name):
        article = articles[slug]
        blocks = article.block_by_anchor
        found = list(by_article[slug].values())
        if paragraphs > FULL_QUOTES:
            # One link per article, to its first paragraph that mentions the term.
            first = blocks[found[0].block_anchor]
            target = f"{article_uri(article)}#{first.anchor}"
            where = f"¶{first.number}" if first.number else "a caption"
            more = f" and {len(found) - 1} more" if len(found) > 1 else ""
            items.append(ListItem((ListedLink(article.title, target), f" ({where}{more})")))
            continue
        quotes = []
        for occurrence in found:
            block = blocks[occurrence.block_anchor]
            where = f"¶{block.number}" if block.number else "caption"
            link = ListedLink(where, f"{article_uri(article)}#{block.anchor}",
                              f"{where} of this article", "reader-backlink")
            mention = occurrence.mention
            sentence, start, end = sentence_around(block.text, mention.start, mention.end)
            quotes.append(ListItem(("“", sentence[:start], Strong((sentence[start:end],)),
                                    sentence[end:], "” ", link)))
        title = ListedLink(article.title, article_uri(article))
        items.append(ListItem((Strong((title,)),), tuple(quotes)))
    return out, items


def render_term(
    term: Term,
    glossary: Glossary,
    occurrences: Sequence[Occurrence],
    articles: dict[str, Article],
) -> GeneratedPage:
    """The page of one term."""
    uri = term_uri(term.id)
    by_id = glossary.by_id()
    out = [
        # Material's search ranks a term page above the articles that merely mention it.
        front_matter({"title": term.term, "description": term.short,
                      "search": {"boost": 2}}),
        f"# {escape_heading(term.term)}\n",
        f"{escape(term.short)}\n{{: .reader-standfirst }}\n",
        '<div class="reader-term-facts" markdown>',
        "",
    ]
    if term.zh:
        chinese = escape(term.zh) + (f" ({escape(term.pinyin)})" if term.pinyin else "")
        out += [f"Chinese: {chinese}", "{: .reader-meta }", ""]
    others = [alias for alias in term.aliases if alias != term.zh]
    if others:
        out += ["Also written: " + ", ".join(escape(a) for a in others), "{: .reader-meta }", ""]
    out += [f"Kind: {term.kind}", "{: .reader-meta }", ""]
    count = len(occurrences)
    out += [f"Mentions: {count}", "{: .reader-meta }", "", "</div>", ""]
    # Our editors' prose: emphasis is theirs to use, markup is not.
    out += [escape_editorial(term.definition.strip()), ""]
    if term.related:
        out += ["## Related terms", ""]
        for related_id in term.related:
            related = by_id[related_id]
            out.append(
                f"- [{escape(related.term)}]({related_id}.md) — {escape(related.short)}"
            )
        out.append("")
    out += ["## Sources", ""]
    for source in term.sources:
        out.append(f"- [{escape(source.title)}]({link_address(source.url)})")
    out.append("")
    mentioned_in, items = _mentioned_in(term, occurrences, articles)
    out += mentioned_in
    if not items:
        return GeneratedPage(uri, "\n".join(out))
    return page_with_listing(uri, "\n".join(out) + "\n", items, "\n")


def _first_letter(term: Term) -> str:
    letter = term.term[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def render_glossary_index(glossary: Glossary, counts: Counter[str]) -> GeneratedPage:
    """The glossary's index: every term A–Z, then by kind, with its number of mentions."""
    uri = f"{GLOSSARY_DIR}/index.md"
    terms = sorted(glossary.terms, key=lambda term: term.term.casefold())
    out = [
        front_matter({
            "title": "Glossary",
            "description": f"{len(terms)} terms met in the articles, each explained with sources.",
        }),
        "# Glossary\n",
        f"{len(terms)} terms met in the articles: names, laws, places, products and ideas, "
        "each explained in our own words with sources a reader can check. The number after "
        "each term counts its mentions in the articles.\n",
        "## A–Z\n",
    ]
    letter = ""
    for term in terms:
        if _first_letter(term) != letter:
            letter = _first_letter(term)
            anchor = f"letter-{letter.lower()}" if letter != "#" else "letter-other"
            out += ["", f"### {letter} {{: #{anchor} }}", ""]
        out.append(
            f"- [{escape(term.term)}]({term.id}.md) ({counts[term.id]}) — {escape(term.short)}"
        )
    out += ["", "## By kind", ""]
    for kind in TermKind:
        of_kind = [term for term in terms if term.kind == kind]
        if not of_kind:
            continue
        out += [f"### {kind.label} {{: #kind-{kind.value} }}", ""]
        out += [f"- [{escape(term.term)}]({term.id}.md) ({counts[term.id]})" for term in of_kind]
        out.append("")
    return GeneratedPage(uri, "\n".join(out))
