"""Join the PDF files of the book's parts into one PDF, written as the parts come.

Each part's objects are copied into the output under new numbers as soon as the part is
read, and only what the end of the file needs is kept: the page list, the named destinations
and the bookmarks. Memory holds one part at a time, however long the book.

A link from one part to another cannot be resolved when the part is laid out: the parts mark
such links as addresses :data:`BOOK_LINK` + destination name, and the joiner turns them into
links to the named destination, which some part of the book defines.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from pypdf import PdfReader
from pypdf.generic import (
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from build_scripts.publish.pdf.numbers import (
    RESOURCE_NAME,
    NumberFont,
    font_dictionaries,
    stamp_content,
)

# The address scheme of a link to a destination of the book (see the module's docstring).
BOOK_LINK = "x-reader-book:"
# Entries per node of the named destinations' tree: viewers look names up by halves.
NAME_TREE_FANOUT = 128
# Objects per compressed object stream (WeasyPrint's own files pack them all in one).
OBJECTS_PER_STREAM = 200
# A row of the cross-reference stream: kind (1 byte), offset or stream (4), generation or
# index (2); a reserved object's row is all 0xFF until it is written.
PLACE_SIZE = 7
RESERVED = b"\xff" * PLACE_SIZE


def _place(kind: int, where: int, index: int) -> bytes:
    return struct.pack(">BIH", kind, where, index)
_ESCAPES = {ord("\\"): b"\\\\", ord("("): b"\\(", ord(")"): b"\\)", ord("\r"): b"\\r",
            ord("\n"): b"\\n"}


@dataclass(frozen=True)
class Bookmark:
    """An entry of the PDF's outline: its level (CSS ``bookmark-level``), label and place."""

    level: int
    label: str
    page: int  # the object number of its page in the output
    x: float
    y: float
    open: bool = True


def pdf_string(data: bytes) -> bytes:
    """A PDF literal string holding ``data``."""
    return b"(" + b"".join(_ESCAPES.get(byte, bytes((byte,))) for byte in data) + b")"


def text_string(text: str) -> bytes:
    """A PDF text string, as WeasyPrint writes one: ASCII as it is, anything else in
    UTF-16 with its byte order mark (so a link's name matches its destination's)."""
    if text.isascii():
        return pdf_string(text.encode("ascii"))
    return b"<feff" + text.encode("utf-16-be").hex().encode("ascii") + b">"


def _number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")


def serialize(obj: PdfObject, ref: Callable[[IndirectObject], int]) -> bytes:
    """``obj`` as PDF source; indirect references are renumbered by ``ref``."""
    chunks: list[bytes] = []
    _serialize(obj, ref, chunks)
    return b"".join(chunks)


def _serialize(obj: object, ref: Callable[[IndirectObject], int],
               chunks: list[bytes]) -> None:
    # Order matters: pypdf's names and strings are str, its numbers int and float.
    if isinstance(obj, IndirectObject):
        chunks.append(b"%d 0 R" % ref(obj))
    elif isinstance(obj, StreamObject):
        data = obj._data  # the bytes as stored, still filtered: copied, not decoded
        entries = {key: value for key, value in obj.items() if key != "/Length"}
        chunks.append(dict_source(entries, ref, extra=b"/Length %d" % len(data)))
        chunks += [b"\nstream\n", data, b"\nendstream"]
    elif isinstance(obj, dict):
        chunks.append(dict_source(obj, ref))
    elif isinstance(obj, list):
        chunks.append(b"[")
        for index, item in enumerate(obj):
            if index:
                chunks.append(b" ")
            _serialize(item, ref, chunks)
        chunks.append(b"]")
    elif isinstance(obj, NameObject):
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        chunks.append(buffer.getvalue())
    elif isinstance(obj, TextStringObject):
        chunks.append(pdf_string(obj.get_original_bytes()))
    elif isinstance(obj, ByteStringObject):
        chunks.append(pdf_string(bytes(obj)))
    elif isinstance(obj, BooleanObject):
        chunks.append(b"true" if obj.value else b"false")
    elif isinstance(obj, NullObject) or obj is None:
        chunks.append(b"null")
    elif isinstance(obj, NumberObject | int):
        chunks.append(b"%d" % obj)
    elif isinstance(obj, FloatObject | float):
        chunks.append(_number(float(obj)))
    else:
        raise TypeError(f"cannot copy a PDF object of type {type(obj).__name__}")


def dict_source(entries: dict, ref: Callable[[IndirectObject], int], extra: bytes = b"") -> bytes:
    """A dictionary as PDF source, with ``extra`` (PDF source of more entries) at its end."""
    chunks = [b"<<"]
    for key, value in entries.items():
        _serialize(NameObject(key), ref, chunks)
        chunks.append(b" ")
        _serialize(value, ref, chunks)
        chunks.append(b"\n")
    chunks += [extra, b">>"]
    return b"".join(chunks)


def _resolved(obj: object) -> object:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _name_tree_items(node: object) -> Iterator[tuple[bytes, object]]:
    """The ``(name, value)`` pairs of a PDF name tree, in order."""
    node = _resolved(node)
    if not isinstance(node, dict):
        return
    names = _resolved(node.get("/Names")) or []
    for index in range(0, len(names) - 1, 2):
        name = _resolved(names[index])
        raw = name.get_original_bytes() if isinstance(name, TextStringObject) else bytes(name)
        yield raw, names[index + 1]
    for kid in _resolved(node.get("/Kids")) or []:
        yield from _name_tree_items(kid)


class _PartCopy:
    """Copies the objects one part's pages need, each once, under new numbers."""

    def __init__(self, joiner: PdfJoiner, reader: PdfReader) -> None:
        self.joiner = joiner
        self.reader = reader
        self.numbers: dict[int, int] = {}
        self.pending: list[IndirectObject] = []

    def ref(self, indirect: IndirectObject) -> int:
        """The new number of ``indirect``, which is copied by the next :meth:`flush`."""
        number = self.numbers.get(indirect.idnum)
        if number is None:
            number = self.numbers[indirect.idnum] = self.joiner.reserve()
            self.pending.append(indirect)
        return number

    def flush(self) -> None:
        """Write every object referred to so far, and what they refer to."""
        while self.pending:
            indirect = self.pending.pop()
            self.joiner.write_object(self.numbers[indirect.idnum],
                                     serialize(indirect.get_object(), self.ref))


class PdfJoiner:
    """Writes one PDF from the pages of several, part by part (see the module's docstring).

    Call :meth:`add_part` for each part in any order, then :meth:`finish` with the order of
    the pages; nothing is written after the file is finished.
    """

    def __init__(self, out: BinaryIO, number_font: NumberFont | None = None) -> None:
        self.out = out
        # Where each object is, as the rows of the cross-reference stream (7 bytes each, for
        # a book of any length): written as it is at an offset, or packed in an object stream.
        self.places = bytearray(_place(0, 0, 65535))
        self.packed: list[tuple[int, bytes]] = []
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.catalog = self.reserve()
        self.pages_root = self.reserve()
        self.destinations: dict[bytes, bytes] = {}
        self.info: dict[str, str] = {}
        self.language: str | None = None
        self.number_font = number_font
        self._font_ref: int | None = None
        self._restore_ref: int | None = None

    # -- objects ---------------------------------------------------------------------------

    def reserve(self) -> int:
        """A new object number, to write later with :meth:`write_object`."""
        self.places += RESERVED
        return len(self.places) // PLACE_SIZE - 1

    def _place(self, number: int, kind: int, where: int, index: int) -> None:
        self.places[number * PLACE_SIZE:(number + 1) * PLACE_SIZE] = _place(kind, where, index)

    def write_object(self, number: int, source: bytes) -> None:
        """Write object ``number`` (reserved) with the PDF source ``source``. A stream goes
        to the file at once; other objects are packed, compressed, into object streams, as
        WeasyPrint writes them (links and pages are most of a book's objects)."""
        if not source.endswith(b"endstream"):
            self.packed.append((number, source))
            if len(self.packed) >= OBJECTS_PER_STREAM:
                self._write_packed()
            return
        self._place(number, 1, self.out.tell(), 0)
        self.out.write(b"%d 0 obj\n" % number + source + b"\nendobj\n")

    def _write_packed(self) -> None:
        """Write the objects waiting to be packed as one compressed object stream."""
        if not self.packed:
            return
        stream = self.reserve()
        header, body = [], []
        position = 0
        for index, (number, source) in enumerate(self.packed):
            header.append(b"%d %d" % (number, position))
            body.append(source)
            position += len(source) + 1
            self._place(number, 2, stream, index)
        first = b" ".join(header) + b"\n"
        data = zlib.compress(first + b"\n".join(body) + b"\n")
        self._place(stream, 1, self.out.tell(), 0)
        self.out.write(b"%d 0 obj\n" % stream + self._stream(
            data, b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode "
            % (len(self.packed), len(first))) + b"\nendobj\n")
        self.packed = []

    def _new_object(self, source: bytes) -> int:
        number = self.reserve()
        self.write_object(number, source)
        return number

    def _stream(self, data: bytes, entries: bytes = b"") -> bytes:
        return b"<<" + entries + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"

    def _number_resources(self) -> tuple[int, int]:
        """The page-number font and the stream that saves the graphics state, written once."""
        if self._font_ref is None:
            assert self.number_font is not None
            program = self.number_font.program
            file_ref = self._new_object(self._stream(
                zlib.compress(program, 9),
                b"/Filter /FlateDecode /Length1 %d " % len(program)))
            descriptor_ref, font_ref = self.reserve(), self.reserve()
            font_dict, descriptor = font_dictionaries(self.number_font, descriptor_ref, file_ref)
            self.write_object(descriptor_ref, descriptor.encode("ascii"))
            self.write_object(font_ref, font_dict.encode("ascii"))
            self._font_ref = font_ref
            self._restore_ref = self._new_object(self._stream(b"q\n"))
        assert self._restore_ref is not None
        return self._font_ref, self._restore_ref

    # -- parts -----------------------------------------------------------------------------

    def add_part(self, path: Path, numbers: Sequence[str | None] | None = None,
                 metadata: bool = False) -> list[int]:
        """Copy the pages of the PDF at ``path``; return their new object numbers.

        Args:
            path: A part, as WeasyPrint wrote it.
            numbers: The page number to draw on each page, or ``None`` for none.
            metadata: Take the document's information (title, author, dates) and language
                from this part.
        """
        reader = PdfReader(path)
        copy = _PartCopy(self, reader)
        root = reader.trailer["/Root"]
        page_numbers = []
        for page in reader.pages:
            number = self.reserve()
            # Destinations and links refer to pages: theirs are written here, not copied.
            copy.numbers[page.indirect_reference.idnum] = number
            page_numbers.append(number)
        resources: dict[int, int] = {}
        for index, page in enumerate(reader.pages):
            text = numbers[index] if numbers is not None else None
            self.write_object(page_numbers[index], self._page(page, copy, text, resources))
            copy.flush()
        names = _resolved(root.get("/Names"))
        if isinstance(names, dict):
            for name, value in _name_tree_items(names.get("/Dests")):
                if name not in self.destinations:
                    value = _resolved(value)
                    target = _resolved(value.get("/D")) if isinstance(value, dict) else value
                    self.destinations[name] = serialize(target, copy.ref)
            copy.flush()
        if metadata:
            info = _resolved(reader.trailer.get("/Info")) or {}
            self.info = {key: str(_resolved(value)) for key, value in info.items()}
            language = _resolved(root.get("/Lang"))
            self.language = str(language) if language is not None else None
        return page_numbers

    def _page(self, page: DictionaryObject, copy: _PartCopy, number: str | None,
              resources: dict[int, int]) -> bytes:
        """A page of the part, as PDF source: in the output's page tree, its links to the
        book's destinations resolved, and with its number drawn when it has one."""
        entries: list[bytes] = [b"/Parent %d 0 R" % self.pages_root]
        for key, value in page.items():
            if key == "/Parent":
                continue
            if key == "/Annots":
                annotations = [b"%d 0 R" % self._annotation(item, copy)
                               for item in _resolved(value)]
                source = b"[" + b" ".join(annotations) + b"]"
            elif key == "/Resources" and number is not None:
                source = b"%d 0 R" % self._numbered_resources(value, copy, resources)
            elif key == "/Contents" and number is not None:
                _, restore_ref = self._number_resources()
                contents = _resolved(value)
                own = contents if isinstance(contents, list) else [value]
                width = float(page.mediabox.width)
                stamp = self._new_object(self._stream(
                    stamp_content(self.number_font, number, width)))  # type: ignore[arg-type]
                source = (b"[%d 0 R " % restore_ref
                          + b" ".join(serialize(item, copy.ref) for item in own)
                          + b" %d 0 R]" % stamp)
            else:
                source = serialize(value, copy.ref)
            entries.append(serialize(NameObject(key), copy.ref) + b" " + source)
        return b"<<" + b"\n".join(entries) + b">>"

    def _numbered_resources(self, value: object, copy: _PartCopy,
                            done: dict[int, int]) -> int:
        """The page's resources with the page-number font added, written once per part."""
        key = value.idnum if isinstance(value, IndirectObject) else -1
        if key in done:
            return done[key]
        font_ref, _ = self._number_resources()
        resources = _resolved(value)
        entries = {name: item for name, item in resources.items() if name != "/Font"}
        fonts = dict(_resolved(resources.get("/Font")) or {})
        number_font = b"/%s %d 0 R" % (RESOURCE_NAME.encode("ascii"), font_ref)
        font_source = dict_source(fonts, copy.ref, extra=number_font)
        done[key] = self._new_object(dict_source(entries, copy.ref,
                                                 extra=b"/Font " + font_source))
        return done[key]

    def _annotation(self, item: object, copy: _PartCopy) -> int:
        """An annotation of the page; a link to :data:`BOOK_LINK` becomes a link to the
        named destination it names."""
        annotation = _resolved(item)
        action = _resolved(annotation.get("/A")) if isinstance(annotation, dict) else None
        uri = _resolved(action.get("/URI")) if isinstance(action, dict) else None
        if uri is None or not str(uri).startswith(BOOK_LINK):
            if isinstance(item, IndirectObject):
                return copy.ref(item)
            return self._new_object(serialize(annotation, copy.ref))
        name = unquote(str(uri)[len(BOOK_LINK):])
        entries = {key: value for key, value in annotation.items() if key != "/A"}
        return self._new_object(dict_source(entries, copy.ref,
                                            extra=b"/Dest " + text_string(name)))

    # -- the end of the file ---------------------------------------------------------------

    def finish(self, pages: Sequence[int], bookmarks: Sequence[Bookmark]) -> None:
        """Write the page tree (``pages`` in reading order), the named destinations, the
        outline, the document's information and the cross-reference table."""
        kids = b" ".join(b"%d 0 R" % number for number in pages)
        self.write_object(self.pages_root, b"<</Type /Pages /Count %d /Kids [%s]>>"
                          % (len(pages), kids))
        catalog = [b"/Type /Catalog", b"/Pages %d 0 R" % self.pages_root]
        outline = self._outline(bookmarks)
        if outline is not None:
            catalog.append(b"/Outlines %d 0 R" % outline)
        if self.language:
            catalog.append(b"/Lang " + text_string(self.language))
        if self.destinations:
            catalog.append(b"/Names <</Dests %d 0 R>>" % self._name_tree())
        self.write_object(self.catalog, b"<<" + b"\n".join(catalog) + b">>")
        info = b"".join(b"/%s %s\n" % (key.lstrip("/").encode("ascii"), text_string(value))
                        for key, value in self.info.items())
        info_ref = self._new_object(b"<<" + info + b">>")
        self._write_packed()
        self._write_cross_references(info_ref)

    def _write_cross_references(self, info_ref: int) -> None:
        """The cross-reference stream (where each object is) and the file's trailer."""
        xref = self.reserve()
        start = self.out.tell()
        self._place(xref, 1, start, 0)
        count = len(self.places) // PLACE_SIZE
        kinds = self.places[::PLACE_SIZE]
        assert RESERVED[0] not in kinds, f"object {kinds.index(RESERVED[0])} never written"
        entries = (b"/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R "
                   b"/Filter /FlateDecode " % (count, self.catalog, info_ref))
        self.out.write(b"%d 0 obj\n" % xref + self._stream(zlib.compress(self.places), entries)
                       + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)

    def _name_tree(self) -> int:
        """The named destinations as a balanced name tree, sorted by name as PDF requires."""
        items = sorted(self.destinations.items())
        nodes = []
        for start in range(0, len(items), NAME_TREE_FANOUT):
            leaf = items[start:start + NAME_TREE_FANOUT]
            names = b" ".join(pdf_string(name) + b" " + value for name, value in leaf)
            limits = pdf_string(leaf[0][0]) + b" " + pdf_string(leaf[-1][0])
            nodes.append((leaf[0][0], leaf[-1][0],
                          self._new_object(b"<</Limits [%s] /Names [%s]>>" % (limits, names))))
        while len(nodes) > 1:
            parents = []
            for start in range(0, len(nodes), NAME_TREE_FANOUT):
                group = nodes[start:start + NAME_TREE_FANOUT]
                kids = b" ".join(b"%d 0 R" % number for _, _, number in group)
                limits = pdf_string(group[0][0]) + b" " + pdf_string(group[-1][1])
                parents.append((group[0][0], group[-1][1],
                                self._new_object(b"<</Limits [%s] /Kids [%s]>>"
                                                 % (limits, kids))))
            nodes = parents
        number = nodes[0][2]
        # The root of a name tree has no limits: write it again without them.
        return self._new_object(b"<</Kids [%d 0 R]>>" % number)

    def _outline(self, bookmarks: Sequence[Bookmark]) -> int | None:
        """The bookmarks as the PDF's outline: each under the last one before it of a lower
        level, as WeasyPrint nests them."""
        if not bookmarks:
            return None
        children: dict[int, list[int]] = {-1: []}
        parent_of: list[int] = []
        stack: list[int] = []  # indexes of the open ancestors
        for index, bookmark in enumerate(bookmarks):
            while stack and bookmarks[stack[-1]].level >= bookmark.level:
                stack.pop()
            parent = stack[-1] if stack else -1
            parent_of.append(parent)
            children.setdefault(parent, []).append(index)
            children[index] = []
            stack.append(index)
        numbers = [self.reserve() for _ in bookmarks]
        root = self.reserve()
        position = {kid: place for kids in children.values() for place, kid in enumerate(kids)}

        def visible(index: int) -> int:
            # Entries shown under ``index`` when the outline is opened: open ones unfold.
            kids = children[index]
            return len(kids) + sum(visible(kid) for kid in kids if bookmarks[kid].open)

        for index, bookmark in enumerate(bookmarks):
            kids = children[index]
            siblings = children[parent_of[index]]
            place = position[index]
            parent = root if parent_of[index] == -1 else numbers[parent_of[index]]
            entries = [b"/Title " + text_string(bookmark.label), b"/Parent %d 0 R" % parent,
                       b"/Dest [%d 0 R /XYZ %s %s 0]" % (bookmark.page, _number(bookmark.x),
                                                          _number(bookmark.y))]
            if place:
                entries.append(b"/Prev %d 0 R" % numbers[siblings[place - 1]])
            if place < len(siblings) - 1:
                entries.append(b"/Next %d 0 R" % numbers[siblings[place + 1]])
            if kids:
                count = visible(index)
                entries += [b"/First %d 0 R" % numbers[kids[0]],
                            b"/Last %d 0 R" % numbers[kids[-1]],
                            b"/Count %d" % (count if bookmark.open else -count)]
            self.write_object(numbers[index], b"<<" + b"\n".join(entries) + b">>")
        top = children[-1]
        self.write_object(root, b"<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>"
                          % (numbers[top[0]], numbers[top[-1]], visible(-1)))
        return root
