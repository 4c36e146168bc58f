"""Cutting a rendered chunk (many documents in one PDF) into one PDF per document, without laying anything out again.

A single PDF holds its pages and what they draw: the chunk's fonts, forms and images, copied as they are. Each
object keeps its number from the chunk, so it is written to bytes once per chunk and those bytes go into every
single PDF that needs them (the fonts into all of them); only the page dictionaries, the page tree and the
cross-reference table are written per document. WeasyPrint gives every page of a document one resource dictionary
naming all the images of the chunk: each page gets its own instead, naming only the images its content draws (a
single PDF never carries another person's QR code). Links between pages and the chunk's outline are left out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

_DRAWS = re.compile(rb"/([A-Za-z0-9_.#-]+)\s+Do\b")  # "/name Do" in a content stream: an XObject drawn
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox", "/Rotate", "/UserUnit", "/Group")


def split(pdf: bytes, documents: Sequence[Sequence[int]]) -> list[bytes]:
    """One PDF per entry of ``documents``, each a sequence of page indexes of ``pdf`` (in the order given)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    written: dict[int, bytes] = {}  # object number -> its bytes, from "n 0 obj" to "endobj"
    top = int(reader.trailer["/Size"]) - 1  # the chunk's highest object number
    return [_single(reader, pages, written, top) for pages in documents]


def _single(reader, pages: Sequence[int], written: dict[int, bytes], top: int) -> bytes:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

    root, tree = top + 1, top + 2  # the catalog and the page tree of every single PDF
    dicts, numbers = [], []
    for n, index in enumerate(pages):
        page = reader.pages[index]
        own = DictionaryObject({NameObject("/Type"): NameObject("/Page"),
                                NameObject("/Parent"): IndirectObject(tree, 0, reader)})
        for key in ("/Contents", *_PAGE_KEYS):
            if key in page:
                own[NameObject(key)] = page.raw_get(key)
        own[NameObject("/Resources")] = _own_resources(page)
        dicts.append(own)
        numbers.append(top + 3 + n)
    objects: dict[int, bytes] = {}
    for own in dicts:
        _collect(own, reader, written, objects)
    kids = ArrayObject(IndirectObject(number, 0, reader) for number in numbers)
    objects[root] = _bytes(root, DictionaryObject({NameObject("/Type"): NameObject("/Catalog"),
                                                   NameObject("/Pages"): IndirectObject(tree, 0, reader)}))
    objects[tree] = _bytes(tree, DictionaryObject({NameObject("/Type"): NameObject("/Pages"),
                                                   NameObject("/Kids"): kids,
                                                   NameObject("/Count"): NumberObject(len(numbers))}))
    for number, own in zip(numbers, dicts, strict=True):
        objects[number] = _bytes(number, own)
    return _file(objects, root)


def _own_resources(page):
    """The page's resources, its /XObject entry cut down to what its content draws."""
    from pypdf.generic import DictionaryObject, NameObject

    resources = page["/Resources"].get_object()
    images = resources.get("/XObject")
    own = DictionaryObject(resources)
    if images:
        contents = page.get_contents()
        drawn = {"/" + name.decode() for name in _DRAWS.findall(contents.get_data() if contents is not None else b"")}
        own[NameObject("/XObject")] = DictionaryObject(
            {key: value for key, value in images.get_object().items() if key in drawn})
    return own


def _collect(value, reader, written: dict[int, bytes], objects: dict[int, bytes]) -> None:
    """Every object ``value`` refers to, at any depth, into ``objects`` (written once per chunk in ``written``)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in objects:
                continue
            target = item.get_object()
            if isinstance(target, DictionaryObject) and target.get("/Type") in ("/Page", "/Pages"):
                continue  # another page (a link's destination): not part of this document
            if item.idnum not in written:
                written[item.idnum] = _bytes(item.idnum, target)
            objects[item.idnum] = written[item.idnum]
            waiting.append(target)
        elif isinstance(item, DictionaryObject | StreamObject):
            waiting.extend(v for k, v in item.items() if k != "/Parent")
        elif isinstance(item, ArrayObject):
            waiting.extend(item)


def _bytes(number: int, value) -> bytes:
    out = io.BytesIO()
    out.write(b"%d 0 obj\n" % number)
    value.write_to_stream(out)
    out.write(b"\nendobj\n")
    return out.getvalue()


def _file(objects: dict[int, bytes], root: int) -> bytes:
    """A PDF of ``objects`` (numbered as in the chunk, so with gaps) and its cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(objects[number])
    start = out.tell()
    out.write(b"xref\n0 1\n0000000000 65535 f \n")
    numbers = sorted(offsets)
    first = 0
    while first < len(numbers):  # one subsection per run of consecutive numbers
        last = first
        while last + 1 < len(numbers) and numbers[last + 1] == numbers[last] + 1:
            last += 1
        out.write(b"%d %d\n" % (numbers[first], last - first + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offsets[n] for n in numbers[first:last + 1]))
        first = last + 1
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (numbers[-1] + 1, root, start))
    return out.getvalue()
