"""The benchmark: our build against plain MkDocs + Material and plain Zensical on the same
articles, in one run.

Each build runs in a fresh process, so its time and peak memory are its own. Figures are
ratios to plain Material measured in the same run, since this machine's speed varies. The
table is printed and written to ``reports/benchmark.md``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_scripts.paths import ProjectPaths

PLAIN_CONFIG = """site_name: Plain
theme:
  name: material
  font: false
"""
KINDS = ("plain", "zensical", "generated", "ours")


@dataclass(frozen=True)
class BuildFigures:
    """One build's measurements."""

    seconds: float
    own_seconds: float  # our own step (reading, annotating, rendering the Markdown)
    peak_mib: float
    site_mb: float
    pages: int  # HTML pages in the built site


def _site_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _site_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def _measure(kind: str, root: Path, site: Path) -> BuildFigures:
    """Run one build in a child process (see :func:`child_main`) and read its figures."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts.tools.bench", kind, str(root), str(site)],
        capture_output=True, text=True, check=False, env=env, cwd=root,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{kind} build failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return BuildFigures(figures["seconds"], figures["own_seconds"], figures["peak_mib"],
                        _site_mb(site), _site_pages(site))


def child_main(kind: str, root: Path, site: Path) -> None:
    """In the child: build once, print time, our own step's time and peak memory as JSON."""
    import logging
    import resource
    import time

    logging.disable(logging.WARNING)
    started = time.perf_counter()
    own = 0.0
    if kind == "pdf":
        from build_scripts.publish.pdf.export import export_pdf

        report = export_pdf(ProjectPaths(root), site / "reader.pdf", progress=False)
        print(json.dumps({"seconds": report.seconds, "pages": report.pages,
                          "bytes": report.bytes,
                          "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return
    if kind == "ours":
        from build_scripts.pipeline import build_reader_cached
        from build_scripts.publish.site import build_site

        # Our code's import counts as our step: MkDocs alone would not import it. The site
        # build then takes the reader built here.
        build_reader_cached(ProjectPaths(root))
        own = time.perf_counter() - started
        build_site(ProjectPaths(root), site, with_pdf=False)
    elif kind == "zensical":
        subprocess.run([sys.executable, "-m", "zensical", "build", "--clean"], cwd=root,
                       check=True, capture_output=True)
        shutil.move(root / "site", site)
    else:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps({"seconds": seconds, "own_seconds": own, "peak_mib": peak}))


def copy_project_files(paths: ProjectPaths, root: Path) -> Path:
    """A copy of the project at ``root``: its code, data, configuration and static pages,
    with no seed and no generated page."""
    shutil.copytree(paths.data, root / "data")
    shutil.copytree(paths.docs, root / "docs",
                    ignore=shutil.ignore_patterns("articles", "glossary", "index.md",
                                                  "timeline.md"))
    shutil.copy2(paths.root / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(paths.root / "overrides", root / "overrides")
    shutil.copytree(paths.root / "build_scripts", root / "build_scripts",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def make_projects(paths: ProjectPaths, count: int, work: Path) -> tuple[Path, Path]:
    """Our project and a plain project (naive pages) with the same ``count`` articles."""
    # Imported here, not at the top: a measured build (``child_main``) must pay for all of
    # its own imports, as the plain build does.
    from build_scripts.tools.corpus import generate_seeds

    ours = copy_project_files(paths, work / f"ours-{count}")
    plain = work / f"plain-{count}"
    # The real seeds (the notes are anchored in them), then articles generated from their
    # paragraphs up to ``count``.
    (ours / "seeds").mkdir()
    real = paths.seed_files()[:count]
    seed_files = [Path(shutil.copy2(p, ours / "seeds")) for p in real]
    if count > len(real):
        seed_files += generate_seeds(paths.seed_files(), ours / "seeds", count - len(real))
    (plain / "docs").mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    for seed in seed_files:
        # A naive page: the raw text as Markdown, as a site without our build would publish it.
        (plain / "docs" / f"{seed.stem}.md").write_text(
            seed.read_text(encoding="utf-8"), encoding="utf-8"
        )
    (plain / "docs" / "index.md").write_text("# Plain\n", encoding="utf-8")
    return ours, plain


def make_generated_project(ours: Path, work: Path, count: int) -> Path:
    """MkDocs + Material with our configuration but no hook, on the Markdown our build writes
    to ``docs/`` for ``ours``: what publishing our pages costs without our step."""
    generated = work / f"generated-{count}"
    shutil.copytree(ours, generated)
    subprocess.run([sys.executable, "-m", "build_scripts", "docs"], cwd=generated, check=True,
                   capture_output=True)
    config = generated / "mkdocs.yml"
    config.write_text(re.sub(r"^hooks:\n(?:  - .*\n)+", "", config.read_text(encoding="utf-8"),
                             flags=re.MULTILINE), encoding="utf-8")
    for folder in ("build_scripts", "seeds", "data"):
        shutil.rmtree(generated / folder)
    return generated


def _median(runs: list[BuildFigures]) -> BuildFigures:
    return BuildFigures(statistics.median(r.seconds for r in runs),
                        statistics.median(r.own_seconds for r in runs),
                        max(r.peak_mib for r in runs), runs[-1].site_mb, runs[-1].pages)


def run_benchmark(paths: ProjectPaths, counts: list[int], repeat: int = 3
                  ) -> list[dict[str, float]]:
    """Build plain Material, plain Zensical and ours at each article count, alternating them
    so that a slow moment of the machine hits all; print, write and return the figures."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        work = Path(tmp)
        for count in counts:
            ours_root, plain_root = make_projects(paths, count, work)
            roots = {"ours": ours_root, "plain": plain_root, "zensical": plain_root,
                     "generated": make_generated_project(ours_root, work, count)}
            runs: dict[str, list[BuildFigures]] = {kind: [] for kind in KINDS}
            for attempt in range(repeat):
                for kind in KINDS:
                    site = work / f"{kind}-site-{attempt}"
                    root = roots[kind]
                    runs[kind].append(_measure(kind, root, site))
                    shutil.rmtree(site, ignore_errors=True)
            plain, zensical, generated, ours = (_median(runs[kind]) for kind in KINDS)
            rows.append({
                "articles": count, "ours_s": ours.seconds, "plain_s": plain.seconds,
                "zensical_s": zensical.seconds, "generated_s": generated.seconds,
                "generated_ratio": ours.seconds / generated.seconds,
                "ratio": ours.seconds / plain.seconds,
                "zensical_ratio": ours.seconds / zensical.seconds,
                "own_share": ours.own_seconds / ours.seconds,
                "ours_ms_per_article": 1000 * ours.seconds / count,
                "ours_mb": ours.site_mb, "plain_mb": plain.site_mb,
                "zensical_mb": zensical.site_mb, "ours_peak_mib": ours.peak_mib,
                "plain_peak_mib": plain.peak_mib,
                "ours_pages": ours.pages, "plain_pages": plain.pages,
            })
            shutil.rmtree(ours_root)
            shutil.rmtree(plain_root)
            shutil.rmtree(roots["generated"])
    table = format_rows(rows, repeat)
    print(table)
    matching = matching_benchmark(paths)
    report = paths.root / "reports" / "benchmark.md"
    report.parent.mkdir(exist_ok=True)
    report.write_text(REPORT_HEAD + table + "\n\n" + matching + "\n", encoding="utf-8")
    print(f"written to {report}")
    return rows


REPORT_HEAD = """# Benchmark

Written by `make bench` (`python -m build_scripts bench`). Each build runs in a fresh process,
in the same run and alternating, on the same articles: the four seeds, and 1,000 articles
generated from the seeds' paragraphs (`build_scripts/tools/corpus.py`).

- **ours**: `python -m build_scripts site --no-pdf` (read, clean, annotate, render, then
  MkDocs + Material with our hook and configuration);
- **plain**: MkDocs + Material with its default navigation on the raw articles as naive
  Markdown pages, as a site without our build would publish them;
- **Zensical**: Zensical on the same naive pages;
- **our pages without our step**: MkDocs + Material with our configuration but no hook, on
  the Markdown our build writes to `docs/` (`python -m build_scripts docs`): what publishing
  our pages costs when nothing of ours runs. "ours / it" below 1 means our step (reading,
  annotating, and the hook's work) costs less than the hook saves MkDocs.

Times are medians; ratios are to plain Material in the same run, since this machine's speed
varies. "Own step" is the share of our build spent in our own code (importing it included)
before MkDocs builds. Peak memory is the build process's (or its largest child's).

"""


def format_rows(rows: list[dict[str, float]], repeat: int) -> str:
    """The benchmark's table, as Markdown."""
    lines = [
        "| articles | ours | plain Material | ours / plain | Zensical | ours / Zensical "
        "| our pages without our step | ours / it | per article | own step "
        "| pages (ours / plain) | our site | plain site "
        "| Zensical site | peak (ours) | peak (plain) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['articles']:,} | {row['ours_s']:.2f} s | {row['plain_s']:.2f} s "
            f"| {row['ratio']:.2f} | {row['zensical_s']:.2f} s | {row['zensical_ratio']:.2f} "
            f"| {row['generated_s']:.2f} s | {row['generated_ratio']:.2f} "
            f"| {row['ours_ms_per_article']:.1f} ms | {row['own_share']:.1%} "
            f"| {row['ours_pages']:,} / {row['plain_pages']:,} "
            f"| {row['ours_mb']:.1f} MB | {row['plain_mb']:.1f} MB | {row['zensical_mb']:.1f} MB "
            f"| {row['ours_peak_mib']:.0f} MiB | {row['plain_peak_mib']:.0f} MiB |")
    lines += ["", f"Medians of {repeat} builds. Targets: at 4 articles ours / plain <= 1.3; at "
              "1,000, ours / plain <= 0.5 and our site <= 40 MB; time per article about the "
              "same at both sizes (linear)."]
    return "\n".join(lines)


def matching_benchmark(paths: ProjectPaths, articles: int = 1000, terms: int = 2000) -> str:
    """Term matching over ``articles`` generated articles with ``terms`` generated terms (and
    the real glossary): throughput, and its ratio to reading the same text from disk, as one
    printed line."""
    import random
    import time

    from build_scripts.annotate.mentions import TermMatcher
    from build_scripts.ingest.seed import read_seed
    from build_scripts.inputs.glossary import load_glossary
    from build_scripts.models import Source, Term
    from build_scripts.tools.corpus import generate_seeds

    rng = random.Random(7)
    syllables = ["ka", "zhi", "bo", "ten", "wei", "lan", "dar", "mo", "xin", "shu", "ra", "qi"]
    fake = []
    for number in range(terms):
        name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
        words = [name] + [rng.choice(syllables) + "n" for _ in range(rng.randint(0, 2))]
        fake.append(Term(f"t{number}", " ".join(words), (name.upper()[:4] + str(number),), None,
                         "", "", "concept", "Short.", "Text.", (),
                         (Source("Source", "https://example.org"),)))
    matcher = TermMatcher([*load_glossary(paths.glossary).terms, *fake])
    with tempfile.TemporaryDirectory(prefix="reader-match-") as tmp:
        files = generate_seeds(paths.seed_files(), Path(tmp), articles)
        started = time.perf_counter()
        raw = [path.read_text(encoding="utf-8") for path in files]
        read_seconds = time.perf_counter() - started
        # As the pipeline does: one text per article.
        texts = ["\n".join(line.text for line in read_seed(path).lines) for path in files]
    size_mb = sum(len(text.encode("utf-8")) for text in raw) / 1e6
    timings = []
    for _ in range(3):  # the median of three passes: this machine's speed varies
        started = time.perf_counter()
        mentions = sum(len(matcher.find(text)) for text in texts)
        timings.append(time.perf_counter() - started)
    match_seconds = statistics.median(timings)
    figures = {
        "megabytes": size_mb,
        "mentions": float(mentions),
        "match_mb_s": size_mb / match_seconds,
        "read_mb_s": size_mb / read_seconds,
    }
    line = (f"Term matching: {articles} articles ({size_mb:.1f} MB), {terms} generated terms + "
          f"the glossary: {figures['match_mb_s']:.1f} MB/s, {mentions} mentions; reading the "
          f"same files: {figures['read_mb_s']:.0f} MB/s (matching runs at "
          f"{figures['match_mb_s'] / figures['read_mb_s']:.1%} of reading speed). "
          "Target >= 20 MB/s.")
    print(line)
    return line


def pdf_benchmark(paths: ProjectPaths, counts: list[int]) -> list[dict[str, float]]:
    """Export the PDF of ``counts`` articles each (the real seeds, then generated ones) in a
    fresh process; print time, pages, size and peak memory, and their rates per article."""
    rows = []
    print(f"{'articles':>8} {'PDF s':>7} {'pages':>6} {'MiB':>6} {'peak MiB':>8} "
          f"{'s/article':>9} {'KiB/page':>8}")
    with tempfile.TemporaryDirectory(prefix="reader-pdf-bench-") as tmp:
        work = Path(tmp)
        for count in counts:
            ours_root, plain_root = make_projects(paths, count, work)
            out = work / f"pdf-{count}"
            out.mkdir()
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "0"}
            result = subprocess.run(
                [sys.executable, "-m", "build_scripts.tools.bench", "pdf", str(ours_root),
                 str(out)], capture_output=True, text=True, check=False, env=env, cwd=ours_root)
            if result.returncode != 0:
                raise RuntimeError(f"PDF export failed:\n{result.stderr[-3000:]}")
            row = {"articles": count, **json.loads(result.stdout.strip().splitlines()[-1])}
            rows.append(row)
            print(f"{count:>8} {row['seconds']:>7.1f} {row['pages']:>6} "
                  f"{row['bytes'] / 2**20:>6.2f} {row['peak_mib']:>8.0f} "
                  f"{row['seconds'] / count:>9.2f} {row['bytes'] / 1024 / row['pages']:>8.1f}",
                  flush=True)
            for root in (ours_root, plain_root, out):
                shutil.rmtree(root)
    print("targets: 4 articles <= 15 s and <= 3 MB")
    return rows


def usable_saved_pages(corpus: Path) -> list[tuple[str, bytes]]:
    """The corpus's pages (id, HTML) that hold an article: a page of which nothing is left
    would stop the build, as it should for an editor."""
    import gzip

    from build_scripts.errors import InputError
    from build_scripts.ingest.html import extract_page

    entries = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))
    usable = []
    with tempfile.TemporaryDirectory(prefix="reader-saved-") as tmp:
        for key, entry in sorted(entries.items()):
            data = gzip.decompress((corpus / entry["file"]).read_bytes())
            probe = Path(tmp) / f"{key}.html"
            probe.write_bytes(data)
            try:
                extract_page(probe)
            except InputError:
                continue
            usable.append((key, data))
    return usable


def saved_pages_benchmark(paths: ProjectPaths, corpus: Path, counts: list[int]) -> str:
    """Build the site (no PDF) from the four seeds and ``counts`` saved pages of the corpus
    each, in a fresh process: time, time per page, our own step's share (reading the pages
    is most of it), size. Printed, and written to ``reports/saved-pages.md``."""
    pages = usable_saved_pages(corpus)
    lines = ["| saved pages | build | per page | own step | own step per page | site |",
             "|---:|---:|---:|---:|---:|---:|"]
    print(lines[0], flush=True)
    with tempfile.TemporaryDirectory(prefix="reader-saved-bench-") as tmp:
        work = Path(tmp)
        for count in counts:
            root = copy_project_files(paths, work / f"saved-{count}")
            (root / "seeds").mkdir()
            for seed in paths.seed_files():
                shutil.copy2(seed, root / "seeds")
            for key, data in pages[:count]:
                (root / "seeds" / f"{key}.html").write_bytes(data)
            used = min(count, len(pages))
            figures = _measure("ours", root, work / "site")
            lines.append(
                f"| {used:,} | {figures.seconds:.1f} s | {1000 * figures.seconds / used:.1f} ms "
                f"| {figures.own_seconds:.1f} s | {1000 * figures.own_seconds / used:.1f} ms "
                f"| {figures.site_mb:.1f} MB |")
            print(lines[-1], flush=True)
            shutil.rmtree(root)
            shutil.rmtree(work / "site")
    report = "\n".join([
        "# Saved pages at scale", "",
        "Written by `make bench-extraction`. The site (no PDF) built from the four seeds and "
        f"the first N pages of the corpus of real web pages ({len(pages)} of which hold an "
        "article), saved as `.html` seeds; one fresh process a build. \"Own step\" is our "
        "code before MkDocs builds: reading and extracting the pages is most of it. Linear "
        "means the time per page stays about the same as N grows.", "", *lines, ""])
    out = paths.root / "reports" / "saved-pages.md"
    out.write_text(report, encoding="utf-8")
    print(f"written to {out}")
    return report


if __name__ == "__main__":
    child_main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
