"""Write what ties the articles together: "Also in" marks, related reading, the timeline."""

from __future__ import annotations

from collections.abc import Sequence

from build_scripts.annotate.crossref import Related, SharedPassage
from build_scripts.annotate.timeline import Event
from build_scripts.models import Article, GeneratedPage, Glossary
from build_scripts.render.article import article_uri, relative_link, source_links
from build_scripts.render.escaping import front_matter
from build_scripts.render.glossary import term_uri
from build_scripts.render.markdown_text import attribute_value, escape

TIMELINE_URI = "timeline.md"


def also_in_markdown(passages: Sequence[SharedPassage], articles: dict[str, Article],
                     page: str) -> str:
    """The line under a paragraph printed elsewhere: "Also in *Title* ¶n", linked."""
    links = []
    for passage in passages:
        other = articles[passage.other_slug]
        target = relative_link(page, f"{article_uri(other)}#{passage.other_anchor}")
        links.append(
            f"*{escape(other.title)}* [¶{passage.other_number}]({target})"
            f'{{: .reader-also-in-link '
            f'title="{attribute_value(f"The same passage in {other.title}")}" }}'
        )
    return "Also in " + "; ".join(links) + "\n{: .reader-also-in }\n"


def related_markdown(related: Sequence[Related], articles: dict[str, Article],
                     glossary: Glossary, page: str) -> str:
    """The "Related reading" section at the end of an article."""
    if not related:
        return ""
    terms = glossary.by_id()
    out = ["## Related reading {: #related-reading }", ""]
    for item in related:
        other = articles[item.slug]
        shared = ", ".join(
            f"[{escape(terms[term].term)}]({relative_link(page, term_uri(term))})"
            for term in item.shared_terms[:6]
        )
        more = len(item.shared_terms) - 6
        if more > 0:
            shared += f" and {more} more"
        out.append(f"- [{escape(other.title)}]({relative_link(page, article_uri(other))}) — "
                   f"shares {shared}")
    out.append("{: .reader-related }")
    return "\n".join(out) + "\n"


def render_timeline(events: Sequence[Event], articles: dict[str, Article],
                    glossary: Glossary) -> GeneratedPage:
    """The timeline page: events by year, each with its terms, paragraphs and sources."""
    terms = glossary.by_id()
    out = [
        front_matter({"title": "Timeline",
                      "description": "Dated events the articles refer to, with sources."}),
        "# Timeline\n",
        f"{len(events)} dated events that the articles refer to, from the oldest. Each links "
        "to the paragraphs that mention it and to its glossary terms.\n",
    ]
    year = ""
    for event in events:
        if event.date[:4] != year:
            year = event.date[:4]
            out += [f"## {year} {{: #year-{year} }}", ""]
        out += [f"### {escape(event.display_date)}: {escape(event.title)} {{: #{event.id} }}", ""]
        out += [escape(event.text), ""]
        if event.terms:
            out += ["Terms: " + ", ".join(
                f"[{escape(terms[term].term)}]({relative_link(TIMELINE_URI, term_uri(term))})"
                for term in event.terms), "{: .reader-meta }", ""]
        if event.mentioned_in:
            places = []
            for mention in event.mentioned_in:
                article = articles[mention.article_slug]
                target = relative_link(TIMELINE_URI,
                                       f"{article_uri(article)}#{mention.block_anchor}")
                where = f"¶{mention.number}" if mention.number else "caption"
                places.append(f"*{escape(article.title)}* [{where}]({target})")
            out += ["Mentioned in: " + "; ".join(places), "{: .reader-meta }", ""]
        out += ["Sources: " + source_links(event.sources),
                "{: .reader-meta }", ""]
    return GeneratedPage(TIMELINE_URI, "\n".join(out))
