"""Content-addressed file store under FILES_DIR: a file is kept once, named by its sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
}


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """('png', 'image/png') for PNG or JPEG content, whatever the file name says; None otherwise."""
    for signature, kind in IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def files_dir() -> Path:
    path = Path(current_app.config["FILES_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes, extension: str) -> str:
    """Write ``data`` once; return its name '<sha256>.<extension>'."""
    name = f"{hashlib.sha256(data).hexdigest()}.{extension}"
    target = files_dir() / name[:2] / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return name


def path_of(name: str) -> Path:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise FileNotFoundError(name)
    return files_dir() / name[:2] / name
