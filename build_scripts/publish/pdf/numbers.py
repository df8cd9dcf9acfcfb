"""Page numbers drawn on the pages of the joined book.

The parts of the book are laid out at the same time, so none knows the number of its first
page; the numbers are drawn when the parts are joined, in the place and type the stylesheet
gives the ``@bottom-center`` box of a page (``pdf.css``): 8 pt DejaVu Serif, grey, centred
under the text, 3 mm below the page area. The font is DejaVu Serif cut down to its digits and
embedded, like every other font of the book.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The page box of pdf.css, in points: A5, margins 18mm 15mm 18mm 19mm.
MM = 72 / 25.4
MARGIN_LEFT = 19 * MM
MARGIN_RIGHT = 15 * MM
MARGIN_BOTTOM = 18 * MM
# ``@bottom-center``: ``vertical-align: top; padding-top: 3mm``, 8 pt, ``color: #555``.
PADDING_TOP = 3 * MM
FONT_SIZE = 8.0
GREY = 0x55 / 0xFF
FAMILY = "DejaVu Serif"
# Where Debian's fonts-dejavu-core puts it, when fontconfig cannot be asked.
FALLBACK_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
DIGITS = "0123456789"
# The PDF resource name the numbers are drawn with; WeasyPrint names its fonts by six letters.
RESOURCE_NAME = "PageNumber"


@dataclass(frozen=True)
class NumberFont:
    """DejaVu Serif cut down to the digits, with what a PDF font dictionary needs."""

    base_font: str
    program: bytes
    widths: tuple[int, ...]  # of the digits 0-9, in thousandths of the font size
    ascent: int
    descent: int
    bbox: tuple[int, int, int, int]

    def width(self, text: str) -> float:
        """The width of ``text`` (digits only) at :data:`FONT_SIZE`, in points."""
        return sum(self.widths[DIGITS.index(char)] for char in text) * FONT_SIZE / 1000


def font_file(family: str = FAMILY) -> Path:
    """The file fontconfig gives for ``family``: the one WeasyPrint sets the text in."""
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "--format=%{file}", family], capture_output=True,
                               text=True, check=False).stdout.strip()
        if found and Path(found).is_file():
            return Path(found)
    if FALLBACK_FILE.is_file():
        return FALLBACK_FILE
    raise FileNotFoundError(f"no font file for {family!r}: install fonts-dejavu-core")


@cache
def number_font(path: Path | None = None) -> NumberFont:
    """The digits of DejaVu Serif (or of the TrueType font at ``path``) as an embeddable font.

    The same font file gives the same bytes: no time stamp is written, and the subset's tag
    (the ``ABCDEF+`` that marks a subset) is taken from its content.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path or font_file(), recalcTimestamp=False)
    options = subset.Options(hinting=False, layout_features=[],
                             notdef_outline=True, recalc_timestamp=False)
    options.drop_tables += ["FFTM"]  # FontForge's time stamps: unknown to the subsetter
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in DIGITS])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    program = out.getvalue()
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = tuple(round(font["hmtx"][cmap[ord(char)]][0] * scale) for char in DIGITS)
    head = font["head"]
    tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(program).digest()[:6])
    return NumberFont(
        base_font=f"{tag}+{font['name'].getDebugName(6) or 'DejaVuSerif'}",
        program=program,
        widths=widths,
        ascent=round(font["hhea"].ascent * scale),
        descent=round(font["hhea"].descent * scale),
        bbox=tuple(round(value * scale)
                   for value in (head.xMin, head.yMin, head.xMax, head.yMax)),  # type: ignore[arg-type]
    )


def number_position(font: NumberFont, text: str, page_width: float) -> tuple[float, float]:
    """Where ``text`` starts (left end of its baseline) on a page ``page_width`` wide, in PDF
    points from the bottom left: centred under the text column, its top 3 mm below it."""
    column = page_width - MARGIN_LEFT - MARGIN_RIGHT
    x = MARGIN_LEFT + (column - font.width(text)) / 2
    y = MARGIN_BOTTOM - PADDING_TOP - font.ascent * FONT_SIZE / 1000
    return x, y


def stamp_content(font: NumberFont, text: str, page_width: float) -> bytes:
    """A content stream drawing ``text`` as the page number. It first ends (``Q``) the saved
    state the joiner wraps the page's own content in, so it draws in the page's plain
    coordinates whatever the content left behind."""
    x, y = number_position(font, text, page_width)
    return (f"\nQ\nq {GREY:.4f} {GREY:.4f} {GREY:.4f} rg BT /{RESOURCE_NAME} {FONT_SIZE:g} Tf "
            f"{x:.3f} {y:.3f} Td ({text}) Tj ET Q\n").encode("ascii")


def font_dictionaries(font: NumberFont, descriptor_ref: int, file_ref: int) -> tuple[str, str]:
    """The font dictionary and its descriptor, as PDF source, given the object numbers of the
    descriptor and of the font program. The flags say: serif, standard Latin characters."""
    first = ord(DIGITS[0])
    widths = " ".join(str(width) for width in font.widths)
    name = f"/{font.base_font}"
    font_dict = (f"<< /Type /Font /Subtype /TrueType /BaseFont {name} /FirstChar {first} "
                 f"/LastChar {first + len(DIGITS) - 1} /Widths [{widths}] "
                 f"/Encoding /WinAnsiEncoding /FontDescriptor {descriptor_ref} 0 R >>")
    bbox = " ".join(str(value) for value in font.bbox)
    descriptor = (f"<< /Type /FontDescriptor /FontName {name} /Flags 34 /FontBBox [{bbox}] "
                  f"/ItalicAngle 0 /Ascent {font.ascent} /Descent {font.descent} "
                  f"/CapHeight {font.ascent} /StemV 80 /FontFile2 {file_ref} 0 R >>")
    return font_dict, descriptor
