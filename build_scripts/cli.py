"""The command line: ``python -m build_scripts COMMAND``.

Commands:
    check   read and validate every input, print what would be published
    review  print what the reading decided for each seed (headline, date, author, removed)
    docs    write the generated Markdown into docs/ (for other generators)
    site    build the static site into site/ (strict; the old site stays if anything fails)
    pdf     export the whole reader as one PDF
    audit   axe-core and Lighthouse on the built site, scores into reports/audit.md
    coverage  list names in the articles that no glossary term covers
    schemas   write the JSON schemas of the data files into schemas/
    bench   run the benchmark and print its figures
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from build_scripts.errors import InputError
from build_scripts.inputs.schemas import write_schemas
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader, coverage_report
from build_scripts.publish.site import SiteBuildError, build_site
from build_scripts.publish.writer import write_pages


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every input")
    review = commands.add_parser("review", help="what the reading decided for each seed")
    review.add_argument("seeds", nargs="*", help="seed file names (default: every seed)")
    commands.add_parser("docs", help="write generated Markdown into docs/")
    site = commands.add_parser("site", help="build the static site")
    site.add_argument("--out", type=Path, default=Path("site"), help="site folder")
    site.add_argument("--config", type=Path, default=None, help="mkdocs.yml to use")
    site.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster)")
    commands.add_parser("coverage", help="names in the articles that the glossary lacks")
    commands.add_parser("schemas", help="write the data files' JSON schemas into schemas/")
    pdf = commands.add_parser("pdf", help="export the whole reader as one PDF")
    pdf.add_argument("--out", type=Path, default=Path("site/reader.pdf"), help="PDF file")
    commands.add_parser("audit", help="axe-core and Lighthouse on the site: reports/audit.md")
    bench = commands.add_parser("bench", help="benchmark against plain MkDocs")
    bench.add_argument("--articles", type=int, nargs="*", default=[4, 1000])
    bench.add_argument("--repeat", type=int, default=3)
    bench.add_argument("--pdf-articles", type=int, nargs="*", default=[4],
                       help="article counts for the PDF export (1000 takes many minutes)")
    bench.add_argument("--saved-pages", type=Path, default=None, metavar="CORPUS",
                       help="instead: build from the corpus's real pages saved as .html seeds")
    bench.add_argument("--saved-counts", type=int, nargs="*", default=[250, 500, 1000])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit status (0 when all went well)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.INFO)
    logging.getLogger("mkdocs").propagate = True
    paths = ProjectPaths(args.root.resolve())
    try:
        if args.command == "check":
            reader = build_reader(paths)
            for warning in reader.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            from build_scripts.ingest.review import article_warnings
            from build_scripts.inputs.extraction import load_extraction

            extraction = load_extraction(paths.extraction)
            for article in reader.articles:
                for warning in article_warnings(article, extraction):
                    print(f"warning: {warning}", file=sys.stderr)
            print(f"{len(reader.articles)} articles, {len(reader.pages)} pages: inputs are valid.")
        elif args.command == "review":
            from build_scripts.ingest.review import review

            print(review(paths.root, args.seeds))
        elif args.command == "docs":
            reader = build_reader(paths)
            written = write_pages(reader.pages, paths.docs)
            print(f"wrote {len(written)} pages into {paths.docs}")
        elif args.command == "site":
            build_site(paths, args.out, args.config, with_pdf=not args.no_pdf)
            print(f"site built in {args.out}")
        elif args.command == "coverage":
            print(coverage_report(paths))
        elif args.command == "schemas":
            for path in write_schemas(paths.root / "schemas"):
                print(f"wrote {path}")
        elif args.command == "pdf":
            from build_scripts.publish.pdf.export import export_pdf

            export_pdf(paths, args.out)
            print(f"PDF written to {args.out}")
        elif args.command == "audit":
            from build_scripts.tools.audit import main as audit

            return audit(["--root", str(paths.root)])
        elif args.command == "bench":
            from build_scripts.tools.bench import (
                pdf_benchmark,
                run_benchmark,
                saved_pages_benchmark,
            )

            if args.saved_pages is not None:
                saved_pages_benchmark(paths, args.saved_pages, args.saved_counts)
                return 0
            run_benchmark(paths, args.articles, repeat=args.repeat)
            if args.pdf_articles:
                pdf_benchmark(paths, args.pdf_articles)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SiteBuildError as error:
        print(f"error: the site was not built, and site/ is unchanged: {error}", file=sys.stderr)
        return 1
    return 0
