"""Read one seed file into text: decode it, check it is an article, split it into lines."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from build_scripts.errors import InputError
from build_scripts.models import SeedText, SourceLine

# C0/C1 controls other than tab and newline are not text.
_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
# Characters that Python or a browser would treat as a line break or as nothing visible.
_ODD_SPACES = r"\t\u2028\u2029\u000b\u000c\u0085\u1680\u2000-\u200a\u202f\u205f\u3000"
_ODD_SPACE = re.compile(f"[{_ODD_SPACES}]")
_ZERO_WIDTH = r"\u200b-\u200d\u2060\ufeff"
# Every character cleaning changes: found in one scan of the text, which finds none in most.
_UNCLEAN = re.compile(f"[{_CONTROL}{_ZERO_WIDTH}{_ODD_SPACES}]")
# Controls that no text editor writes; many of them mean a binary file. All are ASCII, so
# they are counted in the file's bytes, whether UTF-8 or Windows-1252: the same count.
_BINARY_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# Share of control characters above which a file is taken for binary rather than text.
_BINARY_SHARE = 0.05


def read_seed(path: Path) -> SeedText:
    """Decode the seed at ``path`` into lines.

    UTF-8 (with or without a byte-order mark) is the norm; other bytes are read as
    Windows-1252, with a warning naming the file. CRLF and CR line ends become LF.

    Raises:
        InputError: The file is empty, blank or binary.
    """
    data = path.read_bytes()
    hint = "Replace it with the article as plain UTF-8 text, or remove it from seeds/."
    if not data:
        raise InputError(path, None, "the seed is empty.", hint)
    if b"\x00" in data:
        raise InputError(path, None, "the seed is a binary file, not text.", hint)
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as error:
        text = data.decode("cp1252", errors="replace")
        encoding = "cp1252"
        line = data[: error.start].count(b"\n") + 1
        warnings.append(
            f"{path.name}:{line}: not UTF-8; read as Windows-1252. Save the file as UTF-8 "
            "to be sure every character is right."
        )
    binary_controls = len(data) - len(data.translate(None, _BINARY_CONTROL_BYTES))
    if binary_controls > _BINARY_SHARE * len(text):
        raise InputError(path, None, "the seed is a binary file, not text.", hint)
    lines = split_lines(text)
    if not lines:
        raise InputError(path, None, "the seed holds only whitespace.", hint)
    return SeedText(
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        lines=lines,
        warnings=tuple(warnings),
    )


def _clean(text: str) -> str:
    # None of these changes touches a line feed or reaches across one (a line feed composes
    # with nothing under NFC), so a whole text is cleaned as its lines would be one by one.
    text = unicodedata.normalize("NFC", text)
    return _UNCLEAN.sub(_cleaned, text)


def _cleaned(match: re.Match[str]) -> str:
    # An odd space becomes a plain one (vertical tab and form feed too, though controls);
    # a zero-width character or another control goes.
    return " " if _ODD_SPACE.match(match.group()) else ""


def clean_line(text: str) -> str:
    """Normalise one line: NFC, odd spaces to plain spaces, no controls, trimmed.

    Non-breaking spaces are kept: they are part of the text as published.
    """
    return _clean(text).strip(" ")


def split_lines(text: str) -> tuple[SourceLine, ...]:
    """Split decoded text into its non-blank lines, numbered from 1 as an editor counts them,
    each cleaned as :func:`clean_line` does."""
    text = _clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    result = []
    for number, raw in enumerate(text.split("\n"), start=1):
        cleaned = raw.strip(" ")
        if cleaned.strip(" \u00a0"):
            result.append(SourceLine(number, cleaned))
    return tuple(result)
