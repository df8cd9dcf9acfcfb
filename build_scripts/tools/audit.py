"""Audit the built site in a real browser: axe-core on every kind of page, Lighthouse on an article.

``python -m build_scripts audit`` builds the site into a temporary folder, serves it on
127.0.0.1 under the path of ``site_url`` (as a host would, so the 404 page's absolute links
work), runs axe-core in Debian's Chromium on each kind of page in both colour schemes, runs
Lighthouse on one article (median of five runs, each started once the CPUs are quiet), writes
``reports/audit.md`` and prints it.

It needs Debian's ``chromium`` and the npm packages pinned in ``package.json``
(``make node-deps``; ``make test`` installs both). The browser tests reuse the helpers here:
the server, the Chromium flags and the axe-core runner.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mkdocs.utils import yaml_load

from build_scripts.paths import ProjectPaths

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Response

# Headless Debian Chromium, talking to nobody but the site under test.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
# Violations of these impacts fail the audit and the tests.
BLOCKING_IMPACTS = ("serious", "critical")
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# What the reader promises (issue 6).
LIGHTHOUSE_FLOOR = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Lighthouse's documentation (docs/variability.md) recommends the median of five runs.
LIGHTHOUSE_RUNS = 5
# The performance metrics, in the report's order: Lighthouse audit id -> short name.
LIGHTHOUSE_METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
MISSING_PAGE = "this-page-does-not-exist.html"
INSTALL_HINT = "`make test` installs it"


class ToolMissing(RuntimeError):
    """A program the audit needs is not installed; the message says how to get it."""


def chromium_executable() -> str:
    """Debian's Chromium (or ``$READER_CHROMIUM``).

    Raises:
        ToolMissing: No Chromium was found.
    """
    candidates = [
        os.environ.get("READER_CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ToolMissing(
        f"Chromium was not found (looked for `chromium` on PATH and /usr/bin/chromium): "
        f"{INSTALL_HINT} (Debian package chromium), or run "
        "`apt-get install chromium` yourself."
    )


def node_module_file(root: Path, relative: str) -> Path:
    """A file of an npm package installed from ``package.json`` into ``node_modules/``.

    Raises:
        ToolMissing: The package is not installed.
    """
    path = root / "node_modules" / relative
    if not path.is_file():
        raise ToolMissing(
            f"{path} is missing: run `make node-deps` (npm ci, from package-lock.json); "
            "`make test` runs it first."
        )
    return path


def configured_site_url(root: Path) -> str:
    """``site_url`` in ``mkdocs.yml`` with its trailing slash, or ``""`` when it is not set."""
    with open(root / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml_load(handle) or {}
    url = str(config.get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"


def site_path_prefix(root: Path) -> str:
    """The path part of ``site_url`` in ``mkdocs.yml`` (``/annotated-reader/``), or ``/``."""
    path = urlsplit(configured_site_url(root) or "/").path or "/"
    return path if path.endswith("/") else path + "/"


# Text a host sends gzip-compressed (GitHub Pages, Netlify, nginx's usual gzip_types): HTML,
# CSS, JavaScript, JSON, XML, SVG, plain text. Lighthouse's simulated slow 4G charges every byte
# that goes over the wire, so serving these uncompressed would overstate FCP and LCP.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
GZIP_LEVEL = 6  # gzip's and nginx's usual trade-off between size and time


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header names gzip with a weight above 0 (``gzip;q=0``
    refuses it)."""
    for item in accept_encoding.split(","):
        coding, _, params = item.partition(";")
        if coding.strip().lower() == "gzip":
            name, _, weight = params.partition("=")
            if name.strip().lower() != "q":
                return True
            try:
                return float(weight) > 0
            except ValueError:
                return False
    return False


@functools.lru_cache(maxsize=64)
def _gzipped(body: bytes) -> bytes:
    # Cached: Lighthouse loads the same files in each of its runs, and compressing them again
    # each time would add to the response times it observes.
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def _handler(site: Path, prefix: str, site_url: str) -> type[SimpleHTTPRequestHandler]:
    class SiteHandler(SimpleHTTPRequestHandler):
        """Serves ``site`` under ``prefix`` as a static host does: text gzip-compressed for a
        client that accepts it, and a missing page gets 404.html with status 404 (GitHub Pages
        does both).

        The site is built for ``site_url``, so its ``sitemap.xml`` lists addresses there.
        Material's instant navigation and previews follow only links whose address (scheme and
        host of the page, path and port of the sitemap) is in the sitemap: the sitemap is
        served with ``site_url`` replaced by this server's address, as if the server were the
        host at ``site_url``. Without it, every link would fall back to a full page load here.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(site / ".outside-the-site" / "missing")
            return super().translate_path("/" + path[len(prefix) :])

        def send_head(self) -> Any:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                return self._send_file(site / "404.html", 404)
            return self._send_file(path, 200)

        def _send_file(self, path: Path, status: int) -> io.BytesIO | None:
            if not path.is_file():
                self.send_error(status)
                return None
            body = path.read_bytes()
            if site_url and path == site / "sitemap.xml":
                served = f"http://{self.headers.get('Host', '127.0.0.1')}{prefix}"
                body = body.replace(site_url.encode(), served.encode())
            kind = self.guess_type(str(path))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if kind.startswith(COMPRESSIBLE):
                # The body depends on Accept-Encoding: caches must keep both forms apart.
                self.send_header("Vary", "Accept-Encoding")
                if accepts_gzip(self.headers.get("Accept-Encoding", "")):
                    body = _gzipped(body)
                    self.send_header("Content-Encoding", "gzip")
            # The length of what is sent (compressed or not), after the site_url replacement.
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return io.BytesIO(body)

    return SiteHandler


@contextlib.contextmanager
def serve_site(site: Path, prefix: str = "/", site_url: str = "") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) under ``prefix``; yield the site's base URL.

    ``site_url``, the address the site was built for, is replaced by the served one in
    ``sitemap.xml`` (see ``_handler``).
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site.resolve(), prefix, site_url))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind the site has, as a path relative to the site's base URL."""
    kinds = {"home": "index.html"}
    articles = sorted((site / "articles").glob("*.html"))
    if articles:
        kinds["article"] = f"articles/{articles[0].name}"
    terms = sorted(p for p in (site / "glossary").glob("*.html") if p.name != "index.html")
    if terms:
        preferred = site / "glossary" / "gcbd.html"
        kinds["term"] = f"glossary/{(preferred if preferred in terms else terms[0]).name}"
    if (site / "glossary" / "index.html").is_file():
        kinds["glossary index"] = "glossary/index.html"
    for timeline in ("timeline.html", "timeline/index.html"):
        if (site / timeline).is_file():
            kinds["timeline"] = timeline
            break
    kinds["about"] = "about.html"
    kinds["404"] = MISSING_PAGE
    return kinds


@dataclass(frozen=True)
class AxeViolation:
    """One axe-core rule a page breaks."""

    rule: str
    impact: str
    nodes: int
    help: str
    targets: tuple[str, ...]

    @property
    def blocking(self) -> bool:
        """Serious or critical: the audit fails."""
        return self.impact in BLOCKING_IMPACTS


# Material's ``document$`` replays the last page it started on to a new subscriber at once:
# seeing one means its components are mounted.
MATERIAL_STARTED = """() => {
  let started = false
  window.document$?.subscribe(() => { started = true }).unsubscribe()
  return started
}"""


def open_page(page: Page, url: str) -> Response | None:
    """Open ``url`` and wait until Material's scripts have started on it.

    They start after the page's first paint (``overrides/main.html``), so the load event can
    come first; a reader's hover or click before then would meet a page without them.
    """
    response = page.goto(url, wait_until="load")
    page.wait_for_function(MATERIAL_STARTED)
    return response


# Each violation of the pages' Content-Security-Policy is reported as an event (in pages and
# frames alike), which this makes a console message; Chromium logs most of them there too.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", event => console.error(
  `Content Security Policy violation: ${event.effectiveDirective} blocked `
  + `${event.blockedURI || "inline"} in ${event.sourceFile || event.documentURI}`
  + `:${event.lineNumber}`))
"""
POLICY_MARK = "Content Security Policy"
# Every transition and animation that ends, ended.
_SETTLED = """() => Promise.all(document.getAnimations()
  .filter(animation => animation.effect?.getComputedTiming().endTime !== Infinity)
  .map(animation => animation.finished.catch(() => null)))"""


def watch_policy(context: BrowserContext) -> list[str]:
    """Record each Content-Security-Policy violation in the context's pages: the list returned
    fills as they come (a page's script or style sheet refused, its inline script blocked)."""
    violations: list[str] = []
    context.add_init_script(_REPORT_VIOLATIONS)

    def seen(message: Any) -> None:
        if POLICY_MARK in message.text:
            violations.append(message.text)

    context.on("console", seen)
    return violations


def run_axe(page: Page, axe_source: str) -> list[AxeViolation]:
    """Run axe-core (WCAG 2.x A and AA rules and best practices) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugger, not added as an inline script, which the
        # pages' policy refuses.
        page.evaluate(f"{axe_source}\n;0")
    # A tooltip or preview fading in has, until it is shown, the contrast of half its colour.
    page.evaluate(_SETTLED)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        AxeViolation(
            rule=item["id"],
            impact=item.get("impact") or "minor",
            nodes=len(item["nodes"]),
            help=item["help"],
            targets=tuple(" ".join(map(str, node["target"])) for node in item["nodes"][:5]),
        )
        for item in result["violations"]
    ]


def run_lighthouse(root: Path, url: str, out_json: Path, chromium: str) -> dict[str, int]:
    """Run Lighthouse (mobile, its default) on ``url``; return each category's score (0-100)."""
    cli = node_module_file(root, "lighthouse/cli/index.js")
    node = shutil.which("node")
    if node is None:
        raise ToolMissing("node was not found: install Debian's nodejs and npm packages.")
    command = [
        node,
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out_json}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0 or not out_json.is_file():
        raise RuntimeError(f"lighthouse failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(out_json.read_text(encoding="utf-8"))
    scores = {}
    for name in LIGHTHOUSE_CATEGORIES:
        score = report["categories"][name]["score"]
        scores[name] = round(100 * score) if score is not None else -1
    return scores


@dataclass(frozen=True)
class LighthouseRun:
    """One Lighthouse run: the scores, the metrics, and what the run says about the machine."""

    scores: dict[str, int]
    metrics: dict[str, float]
    benchmark_index: float
    long_tasks: tuple[tuple[str, float], ...]
    cpu_busy: float


def lighthouse_run(report: Path, scores: dict[str, int], cpu_busy: float) -> LighthouseRun:
    """The metrics of a Lighthouse JSON report.

    ``long_tasks``: the main thread's tasks over 50 ms, longest first, as Lighthouse's simulated
    phone runs them: the name of the file each is spent in (or Lighthouse's "Unattributable")
    and its length in milliseconds. Each counts into Total Blocking Time beyond 50 ms, so
    they tell a slow run of the machine (one task slowed down whatever it was) from a page
    that does more.
    """
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    long_tasks = sorted(
        ((urlsplit(task["url"]).path.rsplit("/", 1)[-1] or task["url"], task["duration"])
         for task in tasks),
        key=lambda task: -task[1],
    )
    return LighthouseRun(
        scores=scores,
        metrics={key: audits[key]["numericValue"] for key in LIGHTHOUSE_METRICS},
        benchmark_index=float(data["environment"].get("benchmarkIndex") or 0),
        long_tasks=tuple(long_tasks),
        cpu_busy=cpu_busy,
    )


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs since boot (Linux), or None."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    values = [int(value) for value in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


def wait_for_quiet_cpus(limit: float = 0.4, window: float = 2.0, patience: float = 90.0) -> float:
    """Wait (at most ``patience`` seconds) until the CPUs were at most ``limit`` busy over
    ``window`` seconds; return the last measured busy fraction (0 when unknown).

    Lighthouse multiplies the main-thread time it observes to simulate a phone, so another
    build or test running on the machine shows up as a slower page.
    """
    deadline = time.monotonic() + patience
    busy = 0.0
    while True:
        before = _cpu_times()
        time.sleep(window)
        after = _cpu_times()
        if before is None or after is None:
            return 0.0
        total = after[1] - before[1]
        busy = (after[0] - before[0]) / total if total else 0.0
        if busy <= limit or time.monotonic() >= deadline:
            return busy


def lighthouse_failures(report: Path) -> dict[str, tuple[float, str]]:
    """The scored audits that cost points in a Lighthouse JSON report: name -> (score, title)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = {}
    for name, category in data["categories"].items():
        for ref in category["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue") or ""
                found[f"{name}: {ref['id']}"] = (audit["score"], f"{audit['title']} {value}")
    return found


@dataclass
class AuditResult:
    """What one audit measured."""

    pages: dict[str, str]
    axe: dict[tuple[str, str], list[AxeViolation]]
    lighthouse_page: str
    lighthouse_runs: list[LighthouseRun]
    lighthouse_notes: list[str]
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)
    policy_violations: list[str] = field(default_factory=list)

    @property
    def lighthouse(self) -> dict[str, int]:
        """The median score of each category over the runs."""
        return {
            name: int(statistics.median(run.scores[name] for run in self.lighthouse_runs))
            for name in LIGHTHOUSE_CATEGORIES
        }

    @property
    def passed(self) -> bool:
        """No serious or critical axe violation, no Content-Security-Policy violation; every
        Lighthouse score at its floor."""
        axe_ok = not any(v.blocking for found in self.axe.values() for v in found)
        scores = self.lighthouse
        return (axe_ok and not self.policy_violations
                and all(scores[name] >= LIGHTHOUSE_FLOOR[name] for name in scores))


def audit_site(root: Path, site: Path, lighthouse_runs: int = LIGHTHOUSE_RUNS) -> AuditResult:
    """Serve ``site`` and measure it with axe-core and Lighthouse."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_executable()
    axe_source = node_module_file(root, "axe-core/axe.min.js").read_text(encoding="utf-8")
    node_module_file(root, "lighthouse/cli/index.js")
    kinds = page_kinds(site)
    axe: dict[tuple[str, str], list[AxeViolation]] = {}
    violations: list[str] = []
    with (
        serve_site(site, site_path_prefix(root), configured_site_url(root)) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            for scheme in ("light", "dark"):
                context = browser.new_context(color_scheme=scheme)
                seen = watch_policy(context)
                page = context.new_page()
                for kind, path in kinds.items():
                    open_page(page, base + path)
                    axe[(kind, scheme)] = run_axe(page, axe_source)
                    violations += [f"{path} ({scheme}): {text}" for text in seen]
                    seen.clear()
                context.close()
        finally:
            browser.close()
        article = kinds.get("article", "index.html")
        runs = []
        worst: dict[str, tuple[float, str]] = {}
        with tempfile.TemporaryDirectory(prefix="reader-lighthouse-") as folder:
            for number in range(lighthouse_runs):
                report = Path(folder) / f"run-{number}.json"
                busy = wait_for_quiet_cpus()
                scores = run_lighthouse(root, base + article, report, chromium)
                runs.append(lighthouse_run(report, scores, busy))
                for key, (score, title) in lighthouse_failures(report).items():
                    if key not in worst or score < worst[key][0]:
                        worst[key] = (score, title.strip())
        notes = [
            f"{key} (worst score {score:.2f}): {title}"
            for key, (score, title) in sorted(worst.items())
        ]
    return AuditResult(
        pages=kinds,
        axe=axe,
        lighthouse_page=article,
        lighthouse_runs=runs,
        lighthouse_notes=notes,
        load_average=os.getloadavg(),
        policy_violations=violations,
    )


def _lighthouse_version(root: Path) -> str:
    package = root / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def _axe_version(root: Path) -> str:
    package = root / "node_modules" / "axe-core" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def render_report(root: Path, result: AuditResult) -> str:
    """The audit as Markdown (``reports/audit.md``)."""
    chromium = chromium_executable()
    version = subprocess.run(
        [chromium, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    scores = result.lighthouse
    lines = [
        "# Audit",
        "",
        f"Measured {today} by `python -m build_scripts audit` on the built site served from "
        f"127.0.0.1, in {version or 'Chromium'} (headless), with Lighthouse "
        f"{_lighthouse_version(root)} and axe-core {_axe_version(root)}.",
        "",
        "The server compresses like a real host: HTML, CSS, JavaScript, JSON, XML, SVG and "
        f"plain text go gzip-compressed (level {GZIP_LEVEL}) to a client that accepts it, as "
        "GitHub Pages sends them. Lighthouse's simulated slow 4G charges every byte sent, so "
        "uncompressed text would make the page look slower than readers will see it.",
        "",
        "Lighthouse's performance score depends on the machine: its simulated phone multiplies "
        "the main-thread time it observes, so a busy machine scores lower. Load average at the "
        f"end of this audit: {' '.join(f'{x:.1f}' for x in result.load_average)} "
        f"on {os.cpu_count()} cores.",
        "",
        f"## Lighthouse (mobile, median of {len(result.lighthouse_runs)} runs): "
        f"`{result.lighthouse_page}`",
        "",
        "| category | score | floor | runs |",
        "|---|---:|---:|---|",
    ]
    for name in LIGHTHOUSE_CATEGORIES:
        runs = ", ".join(str(run.scores[name]) for run in result.lighthouse_runs)
        mark = "" if scores[name] >= LIGHTHOUSE_FLOOR[name] else " **below**"
        lines.append(f"| {name} | {scores[name]}{mark} | {LIGHTHOUSE_FLOOR[name]} | {runs} |")
    lines += [
        "",
        "Each run (Lighthouse's simulated phone; CPU busy: the machine in the 2 s before the "
        "run; benchmark: Lighthouse's measure of the machine's speed, higher is faster; "
        "longest tasks: the main thread's tasks over 50 ms on the simulated phone, each "
        "named by the file it ran in, whose time beyond 50 ms makes up TBT):",
        "",
        "| run | performance | "
        + " | ".join(LIGHTHOUSE_METRICS.values())
        + " | CPU busy | benchmark | longest tasks |",
        "|---:|---:|" + "---:|" * len(LIGHTHOUSE_METRICS) + "---:|---:|---|",
    ]
    for number, run in enumerate(result.lighthouse_runs, 1):
        metrics = " | ".join(
            f"{run.metrics[key]:.3f}"
            if key == "cumulative-layout-shift"
            else f"{run.metrics[key]:.0f} ms"
            for key in LIGHTHOUSE_METRICS
        )
        tasks = ", ".join(f"{name} {ms:.0f} ms" for name, ms in run.long_tasks[:3]) or "none"
        lines.append(
            f"| {number} | {run.scores['performance']} | {metrics} | {run.cpu_busy:.0%} "
            f"| {run.benchmark_index:.0f} | {tasks} |"
        )
    if result.lighthouse_notes:
        lines += ["", "Audits that cost points in at least one run:", ""]
        lines += [f"- {note}" for note in result.lighthouse_notes]
    lines += [
        "",
        "## axe-core (serious and critical violations fail)",
        "",
        "Counts are elements in violation.",
        "",
        "| page | path | scheme | serious + critical | moderate + minor |",
        "|---|---|---|---:|---:|",
    ]
    for (kind, scheme), found in result.axe.items():
        blocking = sum(v.nodes for v in found if v.blocking)
        other = sum(v.nodes for v in found if not v.blocking)
        lines.append(f"| {kind} | `{result.pages[kind]}` | {scheme} | {blocking} | {other} |")
    details = sorted({(v.impact, v.rule, v.help) for found in result.axe.values() for v in found})
    if details:
        lines += ["", "Rules broken:", ""]
        lines += [f"- {impact}: `{rule}` ({text})" for impact, rule, text in details]
    lines += [
        "",
        "## Content-Security-Policy",
        "",
        "Violations recorded while axe-core ran on the pages above (any fails): "
        f"{len(result.policy_violations)}.",
    ]
    lines += [f"- {text}" for text in result.policy_violations[:20]]
    lines += ["", f"Result: {'PASS' if result.passed else 'FAIL'}", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the site, audit it, write ``reports/audit.md``; 0 when every floor is met."""
    parser = argparse.ArgumentParser(prog="python -m build_scripts audit")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder")
    parser.add_argument(
        "--runs", type=int, default=LIGHTHOUSE_RUNS, help="Lighthouse runs (median)"
    )
    parser.add_argument("--out", type=Path, default=None, help="report (reports/audit.md)")
    args = parser.parse_args(argv)
    paths = ProjectPaths(args.root.resolve())
    from build_scripts.publish.site import build_site

    try:
        chromium_executable()
        with tempfile.TemporaryDirectory(prefix="reader-audit-") as folder:
            site = Path(folder) / "site"
            build_site(paths, site, with_pdf=False)
            result = audit_site(paths.root, site, lighthouse_runs=args.runs)
            report = render_report(paths.root, result)
    except ToolMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    out = args.out or paths.root / "reports" / "audit.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    print(f"written to {out}")
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
