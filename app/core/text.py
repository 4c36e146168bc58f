"""What text Kinerja accepts: any printable character, escaped on output; never control or invisible ones.

Control characters (NUL breaks PostgreSQL, the others break PDFs and spreadsheets), bidirectional overrides
(a right-to-left override prints a name reversed in an official PDF) and zero-width characters (two names that
look the same but differ) are refused. Multi-line text keeps its tabs and line breaks, and the zero-width
joiners some scripts need; everything else is the same for every field.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

# C0 controls (but tab, newline, carriage return), DEL and the C1 controls.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidirectional marks, embeddings, overrides and isolates, and the Arabic letter mark.
_BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
# Zero-width space, joiners, word joiner and invisible operators, the byte-order mark.
_ZERO_WIDTH = "\u200b-\u200d\u2060-\u2064\ufeff"

_MULTI_LINE = re.compile(f"[{_CONTROL}{_BIDI}]")
_SINGLE_LINE = re.compile(f"[{_CONTROL}{_BIDI}{_ZERO_WIDTH}\t\n\r\u2028\u2029]")


def problem(value: str, multiline: bool = False):
    """Why ``value`` is refused (a lazy, translated message), or None when it is acceptable."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(value)
    if found is None:
        return None
    char = found.group()
    if char in "\t\n\r\u2028\u2029":
        return _l("This field takes a single line: remove the line break or tab.")
    return _l("This field contains an invisible or control character (%(code)s) that cannot be printed; "
              "retype the text instead of pasting it.", code=f"U+{ord(char):04X}")


def clean_file_name(name: str, default: str) -> str:
    """A file name safe to store and to send back: no folders, no control or invisible characters, no
    characters file systems refuse, at most 150 characters with the extension kept; ``default`` if nothing
    is left."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _SINGLE_LINE.sub("", name)
    name = re.sub(r'[:*?"<>|]', "_", name)
    name = " ".join(name.split()).strip(" .")
    if not name:
        return default
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10 and stem:
        return f"{stem[:150 - len(extension) - 1]}.{extension}"
    return name[:150]
