"""Chinese in search: give jieba (which Material's search plugin uses to cut Chinese into
words) a dictionary made of our glossary's Chinese names.

jieba's own dictionary of 350,000 words takes seconds to load on every build; the Chinese in
this reader is almost all glossary names, so a dictionary of those cuts it right, at once.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

from build_scripts.models import Glossary


def _has_han(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" for char in text)


def dictionary_text(glossary: Glossary) -> str:
    """A jieba dictionary (``word frequency tag`` per line) of every Chinese form."""
    words = sorted({form for term in glossary.terms for form in term.forms if _has_han(form)})
    return "".join(f"{word} 1000 nz\n" for word in words) or "中 1 zg\n"


def configure_jieba(glossary: Glossary) -> Path | None:
    """Point jieba at a dictionary of the glossary's Chinese names; ``None`` without jieba."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    text = dictionary_text(glossary)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"annotated-reader-jieba-{digest}.txt"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    if getattr(jieba.dt, "dictionary", None) != str(path):
        jieba.set_dictionary(str(path))
    return path
