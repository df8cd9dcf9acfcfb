"""Generate many articles from the seeds' own paragraphs, for the benchmark and scale tests."""

from __future__ import annotations

import random
from pathlib import Path

from build_scripts.ingest.layout import is_prose
from build_scripts.ingest.seed import read_seed

_HEADINGS = [
    "Background",
    "The ban",
    "What changed",
    "China’s response",
    "Data at stake",
    "Reactions",
    "What comes next",
    "Rare complaint",
]


def seed_paragraphs(seed_files: list[Path]) -> list[str]:
    """The prose lines of the given seeds."""
    return [
        line.text for path in seed_files for line in read_seed(path).lines if is_prose(line.text)
    ]


def generate_seeds(
    seed_files: list[Path], target: Path, count: int, seed: int = 2026
) -> list[Path]:
    """Write ``count`` articles into ``target``, each a headline, some furniture and 6–14
    paragraphs drawn from ``seed_files``; the same ``seed`` gives the same files."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs(seed_files)
    words = sorted(
        {
            word.strip(",.“”’‘")
            for p in paragraphs
            for word in p.split()
            if word[:1].isupper() and len(word) > 3
        }
    )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        title = " ".join(rng.sample(words, 5)) + f" {number}"
        lines = [title, "", "Skip to main content", "", f"{rng.randint(2, 9)} min", ""]
        for index in range(rng.randint(6, 14)):
            if index and index % 4 == 0:
                lines += [rng.choice(_HEADINGS), ""]
            lines += [rng.choice(paragraphs), ""]
        lines += ["Read more at Example News here.", ""]
        path = target / f"gen_{number:05d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written
