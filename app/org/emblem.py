"""The pemda's emblem (lambang daerah): checked by its content before it is stored and printed.

An emblem is an SVG drawing, a PNG or a JPEG image of at most ``MAX_BYTES``. The name and type the browser
sent are ignored. A raster image must decode completely (Pillow) and be of a sensible size. An SVG is parsed
with defusedxml (no DTD, no entities) and refused, with the reason, when it could do more than draw:

- a script, a ``foreignObject``, an animation, a link or an embedded image or document (only the drawing
  elements of ``SVG_ELEMENTS`` are allowed, and elements of the editors' own namespaces: Inkscape, Sodipodi,
  RDF metadata; they draw nothing);
- an event attribute (``onload``, ``onclick``…);
- a reference to anything outside the file: an ``href`` or a CSS ``url()`` that is not ``#name``, an
  ``@import``, a processing instruction (``<?xml-stylesheet …?>``).

The file is stored as it was sent (its bytes name it in the file store), so what is checked is what is printed.
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from flask_babel import lazy_gettext as _l

MAX_BYTES = 1024 * 1024
MAX_SIDE = 6000  # pixels, for PNG and JPEG
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Namespaces of drawing programs' own notes: elements there have no behaviour in a browser or a PDF.
EDITOR_NAMESPACES = frozenset({
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/", "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
})
SVG_ELEMENTS = frozenset("""
    svg g defs symbol use title desc metadata switch view style
    path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
    feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split())


class EmblemRefused(ValueError):
    """Why an uploaded emblem is refused (a translated message)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def check(data: bytes) -> str:
    """The emblem's file extension ('svg', 'png' or 'jpg') when ``data`` is an acceptable emblem; otherwise
    ``EmblemRefused`` says why."""
    if len(data) > MAX_BYTES:
        raise EmblemRefused(_l("The emblem is larger than 1 MB."))
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _check_raster(data, "PNG", "png")
    if data.startswith(b"\xff\xd8\xff"):
        return _check_raster(data, "JPEG", "jpg")
    if data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):  # XML, perhaps after a byte-order mark
        check_svg(data)
        return "svg"
    raise EmblemRefused(_l("The emblem must be an SVG, PNG or JPEG image (the file's content is none of them)."))


def _check_raster(data: bytes, kind: str, extension: str) -> str:
    from PIL import Image

    broken = EmblemRefused(_l("The file begins like a %(kind)s image but is not a whole one.", kind=kind))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind:
                raise broken
            width, height = image.size
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                raise EmblemRefused(_l("The emblem is %(width)s × %(height)s pixels; at most %(side)s on a side.",
                                       width=width, height=height, side=MAX_SIDE))
            image.verify()  # the file's structure (a PNG's chunks and their checksums)
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # every pixel decoded: a truncated or corrupt file fails here
    except EmblemRefused:
        raise
    except Exception as error:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, …)
        raise broken from error
    return extension


# -- SVG ----------------------------------------------------------------------------------------------------

class _Builder(TreeBuilder):
    """Keeps the tree and remembers processing instructions, wherever they are (even before the root)."""

    def __init__(self):
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target, text=None):
        self.instructions.append(target)
        return super().pi(target, text)


def parse_svg(data: bytes):
    """The root element of an SVG document, parsed with defusedxml; ``EmblemRefused`` if it is not one."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as error:
        raise EmblemRefused(_l("The SVG declares a DTD or entities; save it as plain SVG.")) from error
    except (ParseError, ValueError) as error:
        raise EmblemRefused(_l("The file is not a well-formed SVG drawing.")) from error
    if root is None or root.tag != f"{{{SVG_NS}}}svg":
        raise EmblemRefused(_l("The file is not a well-formed SVG drawing."))
    if builder.instructions:
        raise EmblemRefused(_l("The SVG contains a processing instruction (<?%(name)s …?>); save it as plain SVG.",
                               name=builder.instructions[0]))
    return root


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def check_svg(data: bytes) -> None:
    """Refuse (``EmblemRefused``) an SVG that could do more than draw itself."""
    root = parse_svg(data)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        namespace, local = _split(element.tag)
        if namespace in EDITOR_NAMESPACES:
            continue
        if namespace != SVG_NS or local not in SVG_ELEMENTS:
            raise EmblemRefused(_l("The SVG contains a <%(name)s> element, which an emblem may not have "
                                   "(scripts, links, embedded images and documents, animations).", name=local))
        if local == "style":
            _check_css(element.text or "")
        for name, value in element.attrib.items():
            _check_attribute(name, value)


def _check_attribute(name: str, value: str) -> None:
    namespace, local = _split(name)
    if local.lower().startswith("on"):
        raise EmblemRefused(_l("The SVG contains an event attribute (%(name)s), which runs a script.", name=local))
    if local == "href" and namespace in ("", XLINK_NS) and not value.strip().startswith("#"):
        raise _outside()
    _check_css(value)


def _outside() -> EmblemRefused:
    return EmblemRefused(_l("The SVG refers to another file or address; an emblem must be a single "
                            "self-contained drawing."))


def _check_css(text: str) -> None:
    """CSS (a style element or attribute, or a presentation attribute): only ``url(#name)`` references."""
    lowered = text.lower()
    if "@import" in lowered or "expression(" in lowered:
        raise _outside()
    start = lowered.find("url(")
    while start != -1:
        end = lowered.find(")", start)
        target = text[start + 4:end if end != -1 else len(text)].strip().strip("'\"").strip()
        if not target.startswith("#"):
            raise _outside()
        start = lowered.find("url(", start + 4)


def aspect_ratio(data: bytes) -> float:
    """Width / height of an SVG emblem (from its viewBox, else its width and height; 1 if neither says)."""
    root = parse_svg(data)
    box = root.get("viewBox", "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return float(box[2]) / float(box[3])
        width, height = (float(_number(root.get(side, ""))) for side in ("width", "height"))
        if width > 0 and height > 0:
            return width / height
    except ValueError:
        pass
    return 1.0


def _number(length: str) -> str:
    """'200px' → '200'; a percentage or an empty length is not a number."""
    length = length.strip()
    while length and not (length[-1].isdigit() or length[-1] == "."):
        if length[-1] == "%":
            return ""
        length = length[:-1]
    return length
