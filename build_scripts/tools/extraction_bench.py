"""The extraction benchmark: how well real web pages become articles.

Reads the corpus of real pages (``corpus.json`` and gzipped pages, see its README) and runs,
on each page, side by side:

- ``ours (html)``: the page saved as ``.html`` into a seeds folder, read by the site's own
  reading step (:func:`build_scripts.ingest.reading.read_article`);
- ``ours (copied text)``: the page's visible text, as a browser copies the whole page,
  saved as ``.txt`` and read by the same step;
- ``trafilatura``: trafilatura alone on the HTML (its title, author, date and main text);
- ``keep everything``: every line of the copied text, its first line taken for the title.

Scores (the same for every column):

- body: each of the page's ``with`` strings found in the article's text (headline, standfirst,
  body) is a true positive, each missing one a false negative; each ``without`` string found
  is a false positive. precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic
  mean (trafilatura's own evaluation, over all pages at once). Text and strings are compared
  after NFC, straight quotes and collapsed spaces, case kept.
- title: the headline equals the expected one after case folding and dropping punctuation and
  spaces; over pages that have an expected title.
- date: the date (YYYY-MM-DD) equals the expected one; over pages that have one.
- author: the author found contains the expected one or is contained in it (case folded);
  over pages that have one.

The corpus is split in two halves by page id: ``dev`` (the rules were tuned looking at these)
and ``test`` (never looked at). Figures are printed for each half and for all pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.errors import InputError
from build_scripts.ingest.pagetext import copied_text
from build_scripts.paths import ProjectPaths

MODES = ("ours-html", "ours-text", "trafilatura", "everything")
MODE_LABELS = {
    "ours-html": "ours (html)",
    "ours-text": "ours (copied text)",
    "trafilatura": "trafilatura alone",
    "everything": "keep everything",
}


@dataclass(frozen=True)
class Page:
    """One page of the corpus with what is expected of it."""

    id: str
    path: Path
    url: str
    title: str
    author: str
    date: str
    with_: tuple[str, ...]
    without: tuple[str, ...]

    @property
    def split(self) -> str:
        """``dev`` or ``test``: half the pages each, fixed by the id."""
        return "test" if int(self.id, 16) % 2 else "dev"


@dataclass(frozen=True)
class Result:
    """What one column made of one page."""

    title: str
    author: str
    date: str
    text: str
    seconds: float
    error: str = ""


@dataclass
class Tally:
    """One column's scores over a set of pages."""

    pages: int = 0
    errors: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    titles: int = 0
    titles_right: int = 0
    dates: int = 0
    dates_right: int = 0
    authors: int = 0
    authors_right: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, page: Page, result: Result) -> None:
        """Score ``result`` against ``page``."""
        self.pages += 1
        self.errors += bool(result.error)
        self.seconds.append(result.seconds)
        text = normalise(result.text)
        for item in page.with_:
            if normalise(item) in text:
                self.tp += 1
            else:
                self.fn += 1
        for item in page.without:
            if normalise(item) in text:
                self.fp += 1
            else:
                self.tn += 1
        if page.title:
            self.titles += 1
            self.titles_right += title_matches(result.title, page.title)
        if page.date:
            self.dates += 1
            self.dates_right += result.date == page.date
        if page.author:
            self.authors += 1
            self.authors_right += author_matches(result.author, page.author)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def title_rate(self) -> float:
        return self.titles_right / self.titles if self.titles else 0.0

    @property
    def date_rate(self) -> float:
        return self.dates_right / self.dates if self.dates else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "\u00a0": " "})
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFC, straight quotes, one space for any run of whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


def _bare(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def title_matches(found: str, expected: str) -> bool:
    """Whether a headline is the expected one (case, punctuation and spaces aside)."""
    return bool(found) and _bare(found) == _bare(expected)


def author_matches(found: str, expected: str) -> bool:
    """Whether the author found names the expected one (or is named by it)."""
    a = " ".join(found.casefold().split())
    for name in expected.split("; "):
        b = " ".join(name.casefold().split())
        if a and b and (a in b or b in a):
            return True
    return False


def _authors(value: object) -> str:
    # Several authors are a list in the corpus; any one of them named counts.
    if isinstance(value, list):
        return "; ".join(str(item).strip() for item in value if str(item).strip())
    return str(value or "").strip()


def load_corpus(folder: Path) -> list[Page]:
    """The corpus's pages, in id order.

    Raises:
        FileNotFoundError: ``folder`` holds no ``corpus.json``.
    """
    entries = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
    return [
        Page(
            id=key,
            path=folder / entry["file"],
            url=entry.get("url", "").strip(),
            title=(entry.get("title") or "").strip(),
            author=_authors(entry.get("author")),
            date=(entry.get("date") or "").strip(),
            with_=tuple(item for item in entry.get("with", []) if item.strip()),
            without=tuple(item for item in entry.get("without", []) if item.strip()),
        )
        for key, entry in sorted(entries.items())
    ]


def _article_result(read: Callable[[Path], object], path: Path, started: float) -> Result:
    try:
        article, _ = read(path)  # type: ignore[misc]
    except InputError as error:
        return Result("", "", "", "", time.perf_counter() - started, str(error))
    parts = [article.title]
    if article.standfirst is not None:
        parts.append(article.standfirst.text)
    parts += [block.text for block in article.blocks]
    return Result(article.title, article.info.author, article.info.date, "\n".join(parts),
                  time.perf_counter() - started)


def run_page(page: Page, modes: Sequence[str], read: Callable[[Path], object],
             workdir: Path) -> dict[str, Result]:
    """Every column's result for one page."""
    data = gzip.decompress(page.path.read_bytes())
    results: dict[str, Result] = {}
    text = copied_text(data)
    for mode in modes:
        started = time.perf_counter()
        if mode == "ours-html":
            path = workdir / f"{page.id}.html"
            path.write_bytes(data)
            results[mode] = _article_result(read, path, started)
            path.unlink()
        elif mode == "ours-text":
            path = workdir / f"{page.id}.txt"
            path.write_text(text, encoding="utf-8")
            results[mode] = _article_result(read, path, started)
            path.unlink()
        elif mode == "trafilatura":
            results[mode] = _trafilatura(data, page.url, started)
        else:
            first = next((line for line in text.splitlines() if line.strip()), "")
            results[mode] = Result(first, "", "", text, time.perf_counter() - started)
    return results


def _trafilatura(data: bytes, url: str, started: float) -> Result:
    from trafilatura import bare_extraction

    document = bare_extraction(data, url=url or None, with_metadata=True)
    if document is None:
        return Result("", "", "", "", time.perf_counter() - started, "nothing extracted")
    text = "\n".join(part for part in (document.title, document.text) if part)
    return Result(document.title or "", document.author or "", document.date or "", text,
                  time.perf_counter() - started)


def _percent(right: int, total: int) -> str:
    return f"{100 * right / total:.1f} % ({right}/{total})" if total else "n/a"


def table(tallies: dict[str, Tally], modes: Sequence[str]) -> str:
    """The scores of each column, side by side, as a Markdown table."""
    header = "| | " + " | ".join(MODE_LABELS[mode] for mode in modes) + " |"
    rows = [header, "|---" * (len(modes) + 1) + "|"]

    def row(label: str, value: Callable[[Tally], str]) -> None:
        rows.append(f"| {label} | " + " | ".join(value(tallies[m]) for m in modes) + " |")

    row("pages", lambda t: str(t.pages) + (f" ({t.errors} refused)" if t.errors else ""))
    row("body F1", lambda t: f"{t.f1:.3f}")
    row("body precision", lambda t: f"{t.precision:.3f}")
    row("body recall", lambda t: f"{t.recall:.3f}")
    row("`with` strings kept", lambda t: _percent(t.tp, t.tp + t.fn))
    row("`without` strings removed", lambda t: _percent(t.tn, t.tn + t.fp))
    row("title", lambda t: _percent(t.titles_right, t.titles))
    row("date", lambda t: _percent(t.dates_right, t.dates))
    row("author", lambda t: _percent(t.authors_right, t.authors))
    row("ms per page (mean)", lambda t: f"{1000 * statistics.fmean(t.seconds):.1f}"
        if t.seconds else "n/a")
    row("ms per page (median)", lambda t: f"{1000 * statistics.median(t.seconds):.1f}"
        if t.seconds else "n/a")
    return "\n".join(rows)


def run(corpus: Path, root: Path, modes: Sequence[str], limit: int | None = None,
        split: str = "all", dump: Path | None = None, progress: bool = True
        ) -> dict[str, dict[str, Tally]]:
    """Run every column on the corpus; the tallies by split (``dev``, ``test``, ``all``)."""
    from build_scripts.ingest.reading import load_data_files, read_article

    pages = load_corpus(corpus)
    if split != "all":
        pages = [page for page in pages if page.split == split]
    if limit is not None:
        pages = pages[:limit]
    data = load_data_files(ProjectPaths(root))

    def read(path: Path) -> object:
        return read_article(data, path)

    tallies = {name: {mode: Tally() for mode in modes} for name in ("dev", "test", "all")}
    out = dump.open("w", encoding="utf-8") if dump else None
    with tempfile.TemporaryDirectory(prefix="extraction-bench-") as folder:
        workdir = Path(folder) / "seeds"
        workdir.mkdir()
        for number, page in enumerate(pages, start=1):
            results = run_page(page, modes, read, workdir)
            for mode, result in results.items():
                tallies[page.split][mode].add(page, result)
                tallies["all"][mode].add(page, result)
            if out:
                out.write(json.dumps({"id": page.id, "split": page.split,
                                      "expected": {"title": page.title, "date": page.date,
                                                   "author": page.author},
                                      "results": {m: r.__dict__ for m, r in results.items()}},
                                     ensure_ascii=False) + "\n")
            if progress and number % 50 == 0:
                print(f"  {number}/{len(pages)} pages", file=sys.stderr)
    if out:
        out.close()
    return tallies


def report(tallies: dict[str, dict[str, Tally]], modes: Sequence[str], corpus: Path) -> str:
    """The benchmark's report in Markdown."""
    lines = [
        "# Extraction benchmark",
        "",
        f"Real web pages of the corpus at `{corpus.name}/` (trafilatura's evaluation data; "
        "trafilatura was tuned on them, so its column is an optimistic one), each read four "
        "ways in one run. Written by `make bench-extraction`.",
        "",
        "How the figures are computed: " + " ".join(__doc__.split("Scores (the same for every "
                                                                    "column):")[1].split()),
        "",
    ]
    for name, label in (("test", "Held-out half (`test`: pages never looked at)"),
                        ("dev", "Development half (`dev`)"), ("all", "All pages")):
        if not any(t.pages for t in tallies[name].values()):
            continue
        lines += [f"## {label}", "", table(tallies[name], modes), ""]
    held_out = tallies["test"]
    if any(held_out[mode].pages for mode in TARGETS if mode in held_out):
        lines += ["## Targets (held-out half)", "", targets_table(held_out), ""]
    return "\n".join(lines)


# The targets: (column, measure, floor). Dates only from the saved page.
TARGETS = {
    "ours-html": (("body F1", "f1", 0.96), ("titles", "title_rate", 0.95),
                  ("dates", "date_rate", 0.85)),
    "ours-text": (("body F1", "f1", 0.85), ("titles", "title_rate", 0.80)),
}


def targets_table(tallies: dict[str, Tally]) -> str:
    """Each target beside the figure reached on ``tallies`` and whether it is met."""
    rows = ["| target | figure | trafilatura alone, on the HTML | met |", "|---|---|---|---|"]
    for mode, targets in TARGETS.items():
        if mode not in tallies or not tallies[mode].pages:
            continue
        for label, measure, floor in targets:
            figure = getattr(tallies[mode], measure)
            alone = (f"{getattr(tallies['trafilatura'], measure):.3f}"
                     if "trafilatura" in tallies and tallies["trafilatura"].pages else "—")
            rows.append(f"| {MODE_LABELS[mode]}: {label} ≥ {floor:.2f} | {figure:.3f} "
                        f"| {alone} | {'yes' if figure >= floor else 'no'} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m build_scripts.tools.extraction_bench``: run, print, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="corpus folder (default: ../shared/corpus from the project)")
    parser.add_argument("--modes", nargs="*", default=list(MODES), choices=MODES)
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    parser.add_argument("--dump", type=Path, default=None, help="per-page results (JSON lines)")
    parser.add_argument("--report", type=Path, default=None,
                        help="where to write the report (default: reports/extraction.md; "
                        "'-' for nowhere)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    corpus = (args.corpus or root.parent / "shared" / "corpus").resolve()
    if not (corpus / "corpus.json").exists():
        print(f"error: no corpus.json in {corpus}. Pass --corpus FOLDER.", file=sys.stderr)
        return 1
    tallies = run(corpus, root, args.modes, args.limit, args.split, args.dump)
    text = report(tallies, args.modes, corpus)
    print(text)
    if str(args.report) != "-":
        target = args.report or root / "reports" / "extraction.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n", encoding="utf-8")
        print(f"\nwritten to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
