"""The audit's report: each Lighthouse run's metrics and its longest tasks, from Lighthouse's JSON.

No browser needed: a small report in Lighthouse's format, written by the test.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_scripts.tools.audit import (
    LIGHTHOUSE_CATEGORIES,
    LIGHTHOUSE_METRICS,
    AuditResult,
    lighthouse_run,
    render_report,
)
from tests.conftest import ROOT


def _lighthouse_json(tmp_path: Path, tasks: list[dict]) -> Path:
    audits: dict = {key: {"numericValue": 100.0 + n} for n, key in enumerate(LIGHTHOUSE_METRICS)}
    audits["long-tasks"] = {"details": {"items": tasks}}
    report = tmp_path / "run.json"
    report.write_text(
        json.dumps({"audits": audits, "environment": {"benchmarkIndex": 1500.5}}),
        encoding="utf-8",
    )
    return report


def test_a_run_names_its_longest_tasks_longest_first(tmp_path: Path) -> None:
    report = _lighthouse_json(
        tmp_path,
        [
            {"url": "http://127.0.0.1:8000/r/assets/javascripts/bundle.ab12.min.js",
             "duration": 120.4, "startTime": 900},
            {"url": "Unattributable", "duration": 300.0, "startTime": 600},
            {"url": "http://127.0.0.1:8000/r/articles/a.html", "duration": 80.0,
             "startTime": 700},
        ],
    )
    run = lighthouse_run(report, {name: 100 for name in LIGHTHOUSE_CATEGORIES}, 0.05)
    assert run.long_tasks == (
        ("Unattributable", 300.0),
        ("bundle.ab12.min.js", 120.4),
        ("a.html", 80.0),
    )
    assert run.benchmark_index == 1500.5
    assert set(run.metrics) == set(LIGHTHOUSE_METRICS)


def test_the_report_shows_each_run_with_its_longest_tasks(tmp_path: Path) -> None:
    scores = {name: 100 for name in LIGHTHOUSE_CATEGORIES}
    busy = lighthouse_run(
        _lighthouse_json(tmp_path, [{"url": "Unattributable", "duration": 412.0}]),
        {**scores, "performance": 90},
        0.0,
    )
    quiet = lighthouse_run(_lighthouse_json(tmp_path, []), scores, 0.0)
    result = AuditResult(
        pages={"article": "articles/a.html"},
        axe={("article", "light"): []},
        lighthouse_page="articles/a.html",
        lighthouse_runs=[busy, quiet, quiet],
        lighthouse_notes=[],
    )
    report = render_report(ROOT, result)
    rows = [line for line in report.splitlines() if line.startswith(("| 1 |", "| 2 |"))]
    assert len(rows) == 2
    assert rows[0].startswith("| 1 | 90 |") and rows[0].endswith("| Unattributable 412 ms |")
    assert rows[1].endswith("| none |")
    assert "| performance | 100 | 95 | 90, 100, 100 |" in report
    assert report.rstrip().endswith("Result: PASS")
