"""The benchmark: our build against plain MkDocs + Material on the same articles.

Each build runs in a fresh process, so time and peak memory are its own. Figures are ratios
to plain MkDocs measured in the same run, since this machine's speed varies.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_scripts.paths import ProjectPaths

PLAIN_CONFIG = """site_name: Plain MkDocs
theme:
  name: material
"""


@dataclass(frozen=True)
class BuildFigures:
    """One build's measurements."""

    seconds: float
    own_seconds: float  # the build's time in our own step (see publication.StepSeconds)
    own_work_seconds: float  # our own step's work, in whichever process it ran
    peak_mib: float  # of the build's process or of any one of its workers
    site_mib: float


def _site_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _measure(kind: str, root: Path, site: Path) -> BuildFigures:
    """Run one build in a child process (see :func:`child_main`) and read its figures."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts.tools.bench", kind, str(root), str(site)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{kind} build failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return BuildFigures(figures["seconds"], figures["own_seconds"], figures["own_work_seconds"],
                        figures["peak_mib"], _site_mib(site))


def _peak_mib() -> float:
    """The peak memory of this process or of its largest worker (forked workers share pages
    with it, so their sum would count those twice)."""
    import resource

    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def child_main(kind: str, root: Path, site: Path) -> None:
    """In the child: build once, print time, own-step time and peak memory as JSON."""
    import logging
    import time

    logging.disable(logging.WARNING)
    started = time.perf_counter()
    if kind == "pdf":
        import resource

        from build_scripts.publish.pdf.export import export_pdf

        report = export_pdf(ProjectPaths(root), site / "reader.pdf", progress=False)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": report.seconds, "peak_mib": peak,
                          "pages": report.pages, "bytes": report.bytes,
                          "cpu_seconds": report.cpu_seconds,
                          "worker_peak_mib": report.worker_peak_mib}))
        return
    if kind == "ours":
        # Our code's import counts as our step: MkDocs alone would not import it.
        from build_scripts.publish import publication
        from build_scripts.publish.site import build_site

        imported = time.perf_counter() - started
        build_site(ProjectPaths(root), site, with_pdf=False)
        own = publication.own_step
        own.add(imported, imported)
    else:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
        own = None
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "own_seconds": own.waited if own else 0.0,
                      "own_work_seconds": own.work if own else 0.0, "peak_mib": _peak_mib()}))


def make_projects(paths: ProjectPaths, count: int, work: Path) -> tuple[Path, Path]:
    """Our project and a plain MkDocs project with the same ``count`` articles."""
    # Imported here, not at the top: a measured build (``child_main``) must pay for all of
    # its own imports, as the plain build does.
    from build_scripts.tools.corpus import generate_seeds

    ours = work / f"ours-{count}"
    plain = work / f"plain-{count}"
    shutil.copytree(paths.data, ours / "data")
    shutil.copytree(
        paths.docs,
        ours / "docs",
        ignore=shutil.ignore_patterns("articles", "index.md", ".generated"),
    )
    shutil.copy2(paths.root / "mkdocs.yml", ours / "mkdocs.yml")
    if (paths.root / "overrides").is_dir():
        shutil.copytree(paths.root / "overrides", ours / "overrides")
    (ours / "build_scripts").mkdir()
    shutil.copy2(paths.root / "build_scripts" / "mkdocs_hook.py", ours / "build_scripts")
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
    (plain / "docs" / "index.md").write_text("# Plain MkDocs\n", encoding="utf-8")
    return ours, plain


def make_same_pages_project(ours: Path, work: Path) -> Path:
    """Plain MkDocs with our config but no hook, on the Markdown our build generates: what
    our build costs beyond publishing the same pages."""
    from build_scripts.pipeline import build_reader
    from build_scripts.publish.writer import write_pages

    same = work / f"same-{ours.name}"
    shutil.copytree(ours, same, ignore=shutil.ignore_patterns("seeds", "build_scripts"))
    from build_scripts.publish.search_zh import dictionary_text

    reader = build_reader(ProjectPaths(ours))
    write_pages(reader.pages, same / "docs")
    # The same small jieba dictionary our hook gives the search plugin.
    (same / "jieba.txt").write_text(dictionary_text(reader.glossary), encoding="utf-8")
    config = (same / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks:\n  - build_scripts/publish/mkdocs_hook.py\n", "")
    dictionary = f"      jieba_dict: {same / 'jieba.txt'}\n"
    config = config.replace("      lang: en\n", "      lang: en\n" + dictionary)
    (same / "mkdocs.yml").write_text(config, encoding="utf-8")
    return same


def _median(runs: list[BuildFigures]) -> BuildFigures:
    return BuildFigures(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.own_seconds for r in runs),
        statistics.median(r.own_work_seconds for r in runs),
        max(r.peak_mib for r in runs),
        runs[-1].site_mib,
    )


def run_benchmark(
    paths: ProjectPaths, counts: list[int], repeat: int = 1
) -> list[dict[str, float]]:
    """Build ours and plain at each article count; print and return the figures."""
    from build_scripts import datacache

    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        work = Path(tmp)
        for count in counts:
            ours_root, plain_root = make_projects(paths, count, work)
            same_root = make_same_pages_project(ours_root, work)
            # Our first build finds no copy of the data files kept (see datacache), as the
            # first build of a fresh clone; the later ones find the copy it kept.
            shutil.rmtree(ours_root / datacache.CACHE_DIR, ignore_errors=True)
            # Large builds take minutes each: three (or fewer, if asked) are enough for a median.
            times = repeat if count <= 50 else min(repeat, 3)
            ours_runs, plain_runs, same_runs = [], [], []
            for attempt in range(times):
                # Alternate them, so a slow moment of the machine hits all.
                plain_runs.append(_measure("plain", plain_root, work / f"plain-site-{attempt}"))
                ours_runs.append(_measure("ours", ours_root, work / f"ours-site-{attempt}"))
                same_runs.append(_measure("plain", same_root, work / f"same-site-{attempt}"))
                for kind in ("plain", "ours", "same"):
                    shutil.rmtree(work / f"{kind}-site-{attempt}", ignore_errors=True)
            ours, plain, same = _median(ours_runs), _median(plain_runs), _median(same_runs)
            rows.append(
                {
                    "articles": count,
                    "ours_s": ours.seconds,
                    "plain_s": plain.seconds,
                    "time_ratio": ours.seconds / plain.seconds,
                    "same_s": same.seconds,
                    "same_ratio": ours.seconds / same.seconds,
                    "ours_site_mib": ours.site_mib,
                    "plain_site_mib": plain.site_mib,
                    "own_step_share": ours.own_seconds / ours.seconds,
                    "first_own_step_share": ours_runs[0].own_seconds / ours_runs[0].seconds,
                    "own_work_share": ours.own_work_seconds / ours.seconds,
                    "ours_peak_mib": ours.peak_mib,
                    "plain_peak_mib": plain.peak_mib,
                }
            )
            for root in (ours_root, plain_root, same_root):
                shutil.rmtree(root)
    _print_rows(rows)
    matching_benchmark(paths)
    return rows


def matching_benchmark(
    paths: ProjectPaths, articles: int = 1000, terms: int = 2000
) -> dict[str, float]:
    """Term matching over ``articles`` generated articles with ``terms`` generated terms (and
    the real glossary): throughput, and its ratio to reading the same text from disk."""
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
    print(f"term matching: {articles} articles ({size_mb:.1f} MB), {terms} generated terms + "
          f"the glossary: {figures['match_mb_s']:.1f} MB/s, {mentions} mentions; reading the "
          f"same files: {figures['read_mb_s']:.0f} MB/s (matching runs at "
          f"{figures['match_mb_s'] / figures['read_mb_s']:.1%} of reading speed). "
          "Target >= 20 MB/s.")
    return figures


def pdf_benchmark(paths: ProjectPaths, counts: list[int]) -> list[dict[str, float]]:
    """Export the PDF of ``counts`` articles each (the real seeds, then generated ones) in a
    fresh process; print time, pages, size and peak memory, and their rates per article.

    The export runs on every core: "CPU s" adds up the processor time of all its processes
    (a busy machine stretches the time, not the processor time), "peak MiB" is the main
    process's and "worker MiB" the most one worker held.
    """
    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-pdf-bench-") as tmp:
        work = Path(tmp)
        for count in counts:
            ours_root, plain_root = make_projects(paths, count, work)
            out = work / f"pdf-{count}"
            out.mkdir()
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "0"}
            result = subprocess.run(
                [sys.executable, "-m", "build_scripts.tools.bench", "pdf", str(ours_root), str(out)],
                capture_output=True, text=True, check=False, env=env,
            )
            if result.returncode != 0:
                raise RuntimeError(f"PDF export failed:\n{result.stderr[-3000:]}")
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            rows.append({"articles": count, **figures})
            _print_pdf_row(rows[-1], header=len(rows) == 1)
            for root in (ours_root, plain_root, out):
                shutil.rmtree(root)
    print("targets: 4 articles <= 15 s and <= 3 MB; time and size growing linearly")
    return rows


def _print_pdf_row(row: dict[str, float], header: bool) -> None:
    """One line of the PDF benchmark's table (and its header first), printed at once: the
    1,000-article export takes minutes."""
    if header:
        print(f"{'articles':>8} {'PDF s':>7} {'CPU s':>7} {'pages':>6} {'MiB':>6} "
              f"{'peak MiB':>8} {'worker MiB':>10} {'s/article':>9} {'CPU s/art':>9} "
              f"{'pages/art':>9} {'KiB/page':>8}")
    articles = row["articles"]
    print(f"{articles:>8} {row['seconds']:>7.1f} {row.get('cpu_seconds', 0):>7.1f} "
          f"{row['pages']:>6} {row['bytes'] / 2**20:>6.2f} {row['peak_mib']:>8.0f} "
          f"{row.get('worker_peak_mib', 0):>10.0f} {row['seconds'] / articles:>9.2f} "
          f"{row.get('cpu_seconds', 0) / articles:>9.2f} {row['pages'] / articles:>9.1f} "
          f"{row['bytes'] / 1024 / row['pages']:>8.1f}", flush=True)


def _print_rows(rows: list[dict[str, float]]) -> None:
    print(
        f"{'articles':>8} {'ours s':>7} {'plain s':>7} {'ratio':>6} {'same s':>7} "
        f"{'ratio':>6} {'ours MiB':>8} {'plain MiB':>9} {'own step':>8} {'1st build':>9} "
        f"{'own work':>8} {'peak ours':>9} {'peak plain':>10}"
    )
    for row in rows:
        print(
            f"{row['articles']:>8} {row['ours_s']:>7.2f} {row['plain_s']:>7.2f} "
            f"{row['time_ratio']:>6.2f} {row['same_s']:>7.2f} {row['same_ratio']:>6.2f} "
            f"{row['ours_site_mib']:>8.1f} {row['plain_site_mib']:>9.1f} "
            f"{row['own_step_share']:>8.1%} {row['first_own_step_share']:>9.1%} "
            f"{row['own_work_share']:>8.1%} "
            f"{row['ours_peak_mib']:>8.0f}M "
            f"{row['plain_peak_mib']:>9.0f}M"
        )
    print(
        "plain: Material with its default navigation on the raw articles (naive pages); "
        "same: MkDocs with our config on the Markdown our build generates, without our step.\n"
        "own step: the share of our build's time spent in our own step or waiting for it "
        "(median; 1st build: the first, with no copy of the data files kept from an earlier "
        "build); "
        "own work: its work (importing its code included), wherever it ran, as a share of "
        "our build's time.\n"
        "targets: 4 articles ratio to plain <= 1.30; 1,000 articles ratio to plain <= 0.33 "
        "and site <= 40 MB (38.1 MiB); own step <= 10% of our build"
    )


if __name__ == "__main__":
    child_main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
