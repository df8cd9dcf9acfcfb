"""Bad input: one clear message, a non-zero exit, and the last good site left as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.ingest.seed import read_seed
from build_scripts.paths import ProjectPaths
from build_scripts.pipeline import build_reader


def run_cli(project: ProjectPaths, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", "--root", str(project.root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _good_site(project: ProjectPaths) -> Path:
    site = project.root / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "the seed is empty"),
        ("blank.txt", b"  \n\n\t \r\n\xc2\xa0\n", "the seed holds only whitespace"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("controls.txt", bytes(range(1, 9)) * 20, "binary file"),
    ],
)
def test_bad_seed_stops_the_build_and_keeps_the_site(project, name, content, problem) -> None:
    site = _good_site(project)
    (project.seeds / name).write_bytes(content)
    result = run_cli(project, "site", "--out", str(site), "--no-pdf")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert name in errors[0] and problem in errors[0]
    assert "seeds/" in errors[0]  # what to do: replace it or remove it from seeds/
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert not list(project.root.glob(".site.*")), "the staging folder was left behind"


def test_broken_rules_file_names_the_line(project) -> None:
    cleaning = project.cleaning
    text = cleaning.read_text(encoding="utf-8")
    cleaning.write_text(
        text.replace("    action: remove", "    action: delete", 1), encoding="utf-8"
    )
    line = text.splitlines().index("    action: remove") + 1
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert f"cleaning.yml:{line}:" in result.stderr
    assert "action" in result.stderr


def test_bad_regex_in_rules_is_reported(project) -> None:
    cleaning = project.cleaning
    text = cleaning.read_text(encoding="utf-8")
    cleaning.write_text(text.replace("'^(skip|jump)", "'^(skip|jump", 1), encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "cleaning.yml:" in result.stderr and "regular expression" in result.stderr


def test_utf8_bom_and_crlf_are_handled(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(
        b"\xef\xbb\xbfHeadline here\r\n\r\nFirst paragraph \xe2\x80\x9cquoted\xe2\x80\x9d.\r\n"
    )
    seed = read_seed(path)
    assert [line.text for line in seed.lines] == ["Headline here", "First paragraph “quoted”."]
    assert [line.number for line in seed.lines] == [1, 3]
    assert seed.warnings == ()


def test_windows_1252_is_read_with_a_warning(project) -> None:
    (project.seeds / "legacy.txt").write_bytes(
        b"Caf\xe9 headline\r\n\r\nHe said \x93hello\x94 \x96 and left.\r\n"
    )
    seed = read_seed(project.seeds / "legacy.txt")
    assert seed.lines[0].text == "Café headline"
    assert seed.lines[1].text == "He said “hello” – and left."
    assert len(seed.warnings) == 1 and "legacy.txt" in seed.warnings[0]
    result = run_cli(project, "check")
    assert result.returncode == 0
    assert "legacy.txt" in result.stderr and "Windows-1252" in result.stderr


def test_same_titles_get_distinct_addresses(project) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (project.seeds / name).write_text("Same Title\n\nSome body text here.\n", encoding="utf-8")
    reader = build_reader(project)
    slugs = [a.slug for a in reader.articles if a.title == "Same Title"]
    assert len(slugs) == 3 and len(set(slugs)) == 3
    assert all(slug.startswith("same-title") for slug in slugs)


def test_file_names_with_spaces_and_brackets_give_clean_addresses(project) -> None:
    (project.seeds / "My [draft] (v2) copy.txt").write_text(
        "中文标题\n\n正文。\n", encoding="utf-8"
    )
    reader = build_reader(project)
    article = next(a for a in reader.articles if a.seed.file_name.startswith("My"))
    assert article.slug == "my-draft-v2-copy"
    for page in reader.pages:
        assert " " not in page.uri and "[" not in page.uri and "(" not in page.uri
