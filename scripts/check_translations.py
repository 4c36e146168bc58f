"""Fail when a user-visible string has no Indonesian translation, or a translation breaks a placeholder.

Extracts the messages from the code and templates afresh (pybabel extract), so a string added without a
translation is caught, then checks translations/<locale>/LC_MESSAGES/messages.po for each locale.
English is the source language: its catalog may leave strings untranslated (they show as written).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)


def _strs(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
             "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), str(ROOT)],
            check=True, cwd=ROOT, capture_output=True,
        )
        with pot.open("rb") as f:
            template = read_po(f)
    problems: list[str] = []
    with (ROOT / "translations/id/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        if translated is None or not all(_strs(translated)) or translated.fuzzy:
            problems.append(f"id: untranslated: {_ids(message)[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for text in _strs(translated):
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"id: placeholders differ in {_ids(message)[0]!r}")
    for line in problems:
        print(line)
    total = sum(1 for m in template if m.id)
    print(f"translations: {total} messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
