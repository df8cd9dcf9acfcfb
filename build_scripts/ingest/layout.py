"""Turn a decoded seed into an article: drop furniture, find the headline, header and body.

The rules for furniture live in ``data/cleaning.yml`` (see :mod:`build_scripts.ingest.furniture`);
this module only decides the layout of what remains.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import NamedTuple

from build_scripts.ingest.furniture import Cleaning, Rule, Zone, normalise_for_rules
from build_scripts.ingest.headline import title_problem
from build_scripts.ingest.slugs import slugify
from build_scripts.models import (
    Article,
    ArticleInfo,
    Block,
    BlockKind,
    MetaLine,
    RemovedLine,
    SeedFile,
    SeedText,
    SourceLine,
)
from build_scripts.vocab import LineRole

ROLES = tuple(LineRole)
_TAIL_LINES = 4
_SENTENCE_END = re.compile(r"[.!?…:;,\"'”’)\]]$")
_WORD = re.compile(r"\w+")


class EmptyArticle(ValueError):
    """Every line of the seed was taken as furniture: nothing is left to publish."""


class _Classified(NamedTuple):
    line: SourceLine
    role: str  # "" when the line is content whose place is still to be decided
    rule: Rule | None
    normalised: str  # the line as the rules and the paragraph ids read it


def is_prose(text: str) -> bool:
    """Whether a line reads as a paragraph of running text rather than a label."""
    words = len(text.split())
    return words >= 12 and (_SENTENCE_END.search(text) is not None or len(text) >= 150)


def text_anchor(text: str, normalised: str | None = None) -> str:
    """A paragraph's anchor: a hash of its words, so it survives changes around it.

    ``normalised`` is ``normalise_for_rules(text)``, if the caller has it already.
    """
    if normalised is None:
        normalised = normalise_for_rules(text)
    digest = hashlib.sha1(normalised.encode("utf-8")).hexdigest()
    return f"p-{digest[:8]}"


def _zone(index: int, total: int, first_prose: int) -> Zone:
    if index < first_prose:
        return Zone.HEAD
    if index >= total - _TAIL_LINES:
        return Zone.TAIL
    return Zone.ANYWHERE


def _classify(seed: SeedText, cleaning: Cleaning, roles: Mapping[str, str]) -> list[_Classified]:
    lines = seed.lines
    normalised = [normalise_for_rules(line.text) for line in lines]
    first_prose = next(
        (
            index
            for index, line in enumerate(lines)
            if is_prose(line.text)
            and cleaning.first_match(line.text, Zone.ANYWHERE, normalised[index]) is None
        ),
        len(lines),
    )
    result = []
    for index, line in enumerate(lines):
        role = roles.get(line.text.strip(), "")
        if role:
            result.append(_Classified(line, role, None, normalised[index]))
            continue
        # A rule for any zone takes lines in every zone: one test per line covers both.
        zone = _zone(index, len(lines), first_prose)
        rule = cleaning.first_match(line.text, zone, normalised[index])
        result.append(_Classified(line, "", rule, normalised[index]))
    return result


def _words(text: str) -> set[str]:
    return set(_WORD.findall(normalise_for_rules(text).lower()))


def captions_alike(first: str, second: str, threshold: float) -> bool:
    """Whether two captions are one caption printed twice (most words of the shorter shared)."""
    a, b = _words(first), _words(second)
    shorter = min(len(a), len(b))
    return shorter >= 4 and len(a & b) / shorter >= threshold


def _is_heading(
    item: _Classified,
    previous_kind: BlockKind | None,
    has_next: bool,
    cleaning: Cleaning,
    alone: bool,
) -> bool:
    text = item.line.text
    layout = cleaning.layout
    return (
        alone
        and has_next
        and previous_kind is not None
        and len(text) <= layout.heading_max_chars  # before splitting a long paragraph
        and len(text.split()) <= layout.heading_max_words
        and _SENTENCE_END.search(text) is None
        and (text[0].isupper() or text[0].isdigit())
    )


def layout_article(
    seed: SeedText,
    cleaning: Cleaning,
    info: ArticleInfo | None = None,
    line_roles: Mapping[str, str] | None = None,
) -> Article:
    """Clean ``seed`` into an :class:`Article` (its ``slug`` is left for the pipeline to set).

    Args:
        seed: The decoded seed.
        cleaning: The furniture rules and layout settings.
        info: The editors' metadata for this seed.
        line_roles: Editors' corrections: exact line text to one of :data:`ROLES`.

    Raises:
        EmptyArticle: No line is left once furniture is removed.
    """
    classified = _classify(seed, cleaning, line_roles or {})
    removed: list[RemovedLine] = []
    meta: list[MetaLine] = []
    content: list[_Classified] = []
    for item in classified:
        if item.rule is not None and item.rule.action == "remove":
            removed.append(
                RemovedLine(item.line.number, item.line.text, item.rule.id, item.rule.description)
            )
        elif item.rule is not None and item.rule.action == "meta":
            meta.append(MetaLine(item.rule.id, item.rule.label, item.line.text, item.line.number))
        else:
            content.append(item)
    title_index = next((i for i, item in enumerate(content) if item.role == "title"), 0)
    if not content:
        raise EmptyArticle(seed.file_name)
    file, untitled = seed.file, False
    if not content[title_index].role:
        content, file, untitled = _drop_lines_before_headline(content, file, removed)
    # Untitled: the file's name, which the warning points the editors to replace.
    title = SourceLine(0, file.file_name) if untitled else content.pop(title_index).line
    standfirst: SourceLine | None = None
    if content and title_index == 0 and not untitled:
        candidate = content[0]
        text = candidate.line.text
        if candidate.role == "standfirst" or (
            not candidate.role
            and candidate.rule is None
            and len(text) <= cleaning.layout.standfirst_max_chars
            and not text.endswith((".", "!", "?", "…"))
            and not is_prose(text)
        ):
            standfirst = content.pop(0).line
    blocks = _body_blocks(content, cleaning, removed)
    return Article(
        seed=file,
        slug="",
        title=title.text,
        title_line=title.number,
        standfirst=standfirst,
        meta=tuple(meta),
        blocks=tuple(blocks),
        removed=tuple(sorted(removed, key=lambda item: item.line)),
        info=info or ArticleInfo(),
    )


_NOT_A_HEADLINE = ("not-a-headline",
                   "Markup, a web address or punctuation where the headline would be")


def _drop_lines_before_headline(
    content: list[_Classified], file: SeedFile, removed: list[RemovedLine]
) -> tuple[list[_Classified], SeedFile, bool]:
    """The content from its first line that can be a headline (see ``headline``), the lines
    before it removed; with none, the content as it is, a warning on the file, and ``True``
    (the article has no headline)."""
    for index, item in enumerate(content):
        if item.role or title_problem(item.line.text) is None:
            removed += [RemovedLine(skipped.line.number, skipped.line.text, *_NOT_A_HEADLINE)
                        for skipped in content[:index]]
            return content[index:], file, False
    first = content[0].line
    warning = (
        f"{file.file_name}:{first.number}: no line can be the headline (the first, "
        f"{first.text[:60]!r}, is not one: {title_problem(first.text)}), so the page is "
        "titled by the file's name. Give the headline's line the role title under "
        f"line_roles for {file.file_name} in data/articles.yml, or add the headline as the "
        "seed's first line."
    )
    return content, replace(file, warnings=(*file.warnings, warning)), True


def _body_blocks(
    content: list[_Classified], cleaning: Cleaning, removed: list[RemovedLine]
) -> list[Block]:
    numbers = [item.line.number for item in content]
    blocks: list[Block] = []
    anchors: dict[str, int] = {}
    paragraph_number = 0
    for index, item in enumerate(content):
        number = item.line.number
        alone = (index == 0 or numbers[index - 1] < number - 1) and (
            index == len(content) - 1 or numbers[index + 1] > number + 1
        )
        previous_kind = blocks[-1].kind if blocks else None
        if item.role == "caption" or (item.rule is not None and item.rule.action == "caption"):
            kind = BlockKind.CAPTION
        elif item.role == "heading" or (
            not item.role
            and _is_heading(item, previous_kind, index < len(content) - 1, cleaning, alone)
            and not is_prose(item.line.text)
        ):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        if (
            kind is BlockKind.CAPTION
            and previous_kind is BlockKind.CAPTION
            and captions_alike(
                blocks[-1].text, item.line.text, cleaning.layout.duplicate_caption_similarity
            )
        ):
            removed.append(
                RemovedLine(
                    number,
                    item.line.text,
                    "duplicate-caption",
                    f"Caption printed twice (same as line {blocks[-1].lines[0]})",
                )
            )
            continue
        if kind is BlockKind.HEADING:
            base = "s-" + (slugify(item.line.text) or text_anchor(item.line.text,
                                                                 item.normalised)[2:])
        else:
            base = text_anchor(item.line.text, item.normalised)
        anchors[base] = anchors.get(base, 0) + 1
        anchor = base if anchors[base] == 1 else f"{base}-{anchors[base]}"
        if kind is BlockKind.PARAGRAPH:
            paragraph_number += 1
        blocks.append(
            Block(
                kind=kind,
                text=item.line.text,
                lines=(number,),
                anchor=anchor,
                number=paragraph_number if kind is BlockKind.PARAGRAPH else 0,
            )
        )
    return blocks
