"""The coverage report: capitalised names and acronyms in the articles that no glossary term
or alias covers, with counts, so an editor sees what the glossary is missing.

What an editor has decided needs no entry (countries, weekdays...) is listed in
``data/coverage.yml``; the rest of the logic is general.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from build_scripts.annotate.mentions import TermMatcher
from build_scripts.inputs.yamldata import load_model
from build_scripts.models import Article, BlockKind

# Words (a capitalised one may hold dots, digits, hyphens: U.S., Q3, U.S.-China), a
# possessive, a punctuation mark, or a run of spaces.
_TOKEN = re.compile(r"[A-Za-z0-9](?:[\w.&-]*\w)?\.?|[’']s\b|[^\w\s]|\s+")
_CONNECTORS = {"of", "the", "for", "de"}
# What comes before a word that opens a sentence (or a quotation).
_BEFORE_SENTENCE = re.compile(r"(?:^|[.!?…:][\"”’)\]]*\s+|[“\"(—]\s*)$")
_WORD = re.compile(r"[\w’'-]+")


class CoverageSpec(BaseModel):
    """Names an editor has decided a reader needs no entry for."""

    model_config = ConfigDict(extra="forbid")

    ignore: list[str] = []


def load_ignored(path: Path) -> set[str]:
    """The ignore list of ``data/coverage.yml`` (empty when the file is missing)."""
    if not path.exists():
        return set()
    return set(load_model(path, CoverageSpec).model.ignore)


def _name_parts(token: str) -> list[str]:
    """A token's capitalised parts: ``U.S.-China`` gives ``U.S.`` and ``China``."""
    if token.count(".") == 1 and token.endswith("."):
        token = token[:-1]  # a full stop, not part of an abbreviation
    if "-" in token and not token.startswith("-"):
        return [part for part in token.split("-") if part[:1].isupper()]
    return [token] if token[:1].isupper() else []


def _runs(text: str) -> list[tuple[int, int, list[str], bool]]:
    """Runs of capitalised words, joined by single spaces or "of", "the"..., with their span
    and whether the run opens a sentence. Punctuation and possessives end a run."""
    runs: list[tuple[int, int, list[str], bool]] = []
    words: list[str] = []
    span = [0, 0]

    def close() -> None:
        while words and words[-1] in _CONNECTORS:
            words.pop()
        if words:
            opens = _BEFORE_SENTENCE.search(text, 0, span[0]) is not None
            runs.append((span[0], span[1], list(words), opens))
        words.clear()

    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.isspace():
            continue
        parts = _name_parts(token)
        whole_word = len(parts) == 1 and parts[0] == token.rstrip(".")
        if whole_word:
            if not words:
                span[0] = match.start()
            words.append(parts[0])
            span[1] = match.end()
            if token.endswith(".") and token.count(".") == 1:
                close()  # the word ends a sentence
        elif words and token in _CONNECTORS:
            words.append(token)
        else:
            close()
            for part in parts:  # a hyphenated compound: each capitalised part on its own
                opens = _BEFORE_SENTENCE.search(text, 0, match.start()) is not None
                runs.append((match.start(), match.end(), [part], opens))
    close()
    return runs


def uncovered_names(
    articles: Iterable[Article], matcher: TermMatcher, ignored: set[str]
) -> Counter[str]:
    """Capitalised names and acronyms not inside any glossary mention, with their counts.

    A capitalised word that opens a sentence and also occurs in lower case is an ordinary
    word ("But", "Critics"); a single word seen only at the start of sentences is skipped too.
    """
    texts = [
        block.text
        for article in articles
        for block in article.blocks
        if block.kind is not BlockKind.HEADING
    ]
    lower_words = {w for text in texts for w in _WORD.findall(text) if w.islower()}
    candidates: list[tuple[str, bool]] = []
    for text in texts:
        covered = [(mention.start, mention.end) for mention in matcher.find(text)]
        for start, end, words, at_start in _runs(text):
            if any(start < m_end and m_start < end for m_start, m_end in covered):
                continue
            if at_start and len(words) > 1 and words[0].lower() in lower_words:
                words = words[1:]
                at_start = False
            while words and words[0] in _CONNECTORS:
                words = words[1:]
            if words:
                candidates.append((" ".join(words), at_start))
    seen_inside = {name for name, at_start in candidates if not at_start}
    found: Counter[str] = Counter()
    for name, at_start in candidates:
        if at_start and name not in seen_inside:
            continue
        if name not in ignored and len(name) > 1:
            found[name] += 1
    return found


def format_report(found: Counter[str]) -> str:
    """The report as an editor reads it: most frequent first."""
    if not found:
        return "Every capitalised name and acronym in the articles is covered by the glossary."
    ordered = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"{len(found)} names are not in the glossary (count, name):"]
    lines += [f"{count:>5}  {name}" for name, count in ordered]
    return "\n".join(lines)
