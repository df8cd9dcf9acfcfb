"""Normalise text for matching, without changing its length, so positions map back."""

from __future__ import annotations

# One character for one: straight quotes for curly, a plain space for a non-breaking one.
# (Chained str.replace: many times faster than str.translate with a table on long text.)
_SAME_LENGTH = (("’", "'"), ("‘", "'"), ("\u00a0", " "), ("‐", "-"), ("‑", "-"))


def normalise_same_length(text: str) -> str:
    """Straighten quotes and spaces; the result has the same length as ``text``."""
    for old, new in _SAME_LENGTH:
        if old in text:
            text = text.replace(old, new)
    return text


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` one character at a time where a character would grow
    (``"İ".lower()`` has two), so offsets stay the same."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def form_key(form: str) -> str:
    """How two spellings are compared to tell whether they are the same alias."""
    return " ".join(lower_same_length(normalise_same_length(form)).split())
