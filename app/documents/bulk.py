"""Printing official documents in bulk: the path the awards' certificates and the scorecards share.

Documents not printed yet are rendered many to one WeasyPrint document (fonts are loaded, laid out and
embedded once per chunk rather than once per document), the chunks spread over worker processes. The parent
renders the HTML with Jinja; a worker needs only WeasyPrint, the shipped fonts and the file store's path. Each
chunk comes back as its PDF and one PDF per document (cut from the chunk's PDF by ``documents.pages``), which the
caller issues; the result is one PDF with every document in order, for the printer, and a ZIP of the single
PDFs, for sending one by one. docs/pdf-speed.md tells what makes it fast.

The workers are forks of Python's fork server ("forkserver": a clean single-threaded process, safe from a
threaded consumer), which imports WeasyPrint and the worker's module once (``PRELOAD``): a worker starts in
milliseconds instead of the 1.5–2 s an interpreter started with "spawn" spends importing the app and WeasyPrint
(most of a print of a few hundred certificates). The fork server is shared by everything in the process that
uses it and imports what the first user asked for (the attendance pass preloads its own module): a worker that
finds WeasyPrint not loaded imports it itself. A print of more than ``RECYCLE`` chunks a worker runs in rounds,
each with fresh processes, so that no process grows with the size of a print (``ProcessPoolExecutor``'s own
``max_tasks_per_child`` can hang Python 3.11 when tasks are queued: cpython issue 115634).
"""

from __future__ import annotations

import gc
import io
import math
import multiprocessing
import re
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l

from app.core.errors import Refused

CHUNK = 80  # documents per rendered chunk at most (DESIGN.md: 50–100 pages per document)
MIN_CHUNK = 50  # chunks are evened out across the workers, but never made smaller than this
RECYCLE = 8  # chunks a worker process renders before it is replaced (its memory given back)
PRELOAD = ["app.documents.render"]  # what the fork server imports once for every worker (WeasyPrint, Pango)


def chunk_sizes(count: int, workers: int, chunk: int = CHUNK, min_chunk: int = MIN_CHUNK) -> list[int]:
    """Split ``count`` documents into chunks of at most ``chunk``, as even as possible, and in a multiple of
    ``workers`` when that keeps them at ``min_chunk`` or more (so no worker sits idle during the last round)."""
    if count <= 0:
        return []
    chunks = math.ceil(count / chunk)
    if chunks > 1 and chunks % workers:
        evened = math.ceil(chunks / workers) * workers
        if count / evened >= min_chunk:
            chunks = evened
    size, extra = divmod(count, chunks)
    return [size + 1 if n < extra else size for n in range(chunks)]


def groups_of(items: Sequence, workers: int, chunk: int = CHUNK, min_chunk: int = MIN_CHUNK) -> list[list]:
    groups, start = [], 0
    for size in chunk_sizes(len(items), workers, chunk, min_chunk):
        groups.append(list(items[start:start + size]))
        start += size
    return groups


def file_name(number: str) -> str:
    """'800/12/DINSOS/II/2018' → '800-12-DINSOS-II-2018.pdf'."""
    return re.sub(r"[/\\:]+", "-", number).strip(". ") + ".pdf"


def without_gc(worker: Callable[..., object], *args) -> object:
    """``worker(*args)`` with Python's cyclic garbage collector paused, then one collection. Laying out a chunk
    makes millions of short-lived objects; the collector, run every few hundred allocations, walks the whole heap
    over and over (a chunk of 40 scorecards: 3.5 s with it, 3.0 s without it plus 0.1 s for the collection
    after; the peak memory the same, docs/pdf-speed.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return worker(*args)
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def render_groups(groups: list[list], task: Callable[[list], tuple], worker: Callable[..., object],
                  collect: Callable[[list, object], None], workers: int) -> None:
    """``worker(*task(group))`` for each group, in worker processes when there is more than one group and
    worker; ``collect(group, result)`` in the groups' order. Each group's task is handed to a worker as soon as
    it is made (the workers start while the parent prepares the next groups). Rounds of at most ``RECYCLE``
    groups a worker, each with fresh processes."""
    if len(groups) <= 1 or workers == 1:  # a small batch: no pool start-up
        for group in groups:
            collect(group, without_gc(worker, *task(group)))
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*PRELOAD, worker.__module__])  # no effect once the server runs
    for start in range(0, len(groups), workers * RECYCLE):
        batch = groups[start:start + workers * RECYCLE]
        pool = ProcessPoolExecutor(max_workers=min(workers, len(batch)), mp_context=context)
        try:
            futures = [pool.submit(without_gc, worker, *task(group)) for group in batch]
            for group, future in zip(batch, futures, strict=True):
                collect(group, future.result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Part:
    """One document of a bulk print: its own PDF, and where it was rendered now (the chunk's PDF and its pages
    there), so that the joined PDF shares the chunk's fonts."""

    name: str  # its file name in the ZIP
    single: bytes
    chunk: bytes | None = None
    pages: tuple[int, ...] = ()


def join(parts: Sequence[Part]) -> tuple[bytes, bytes]:
    """One PDF with every document in order, and the ZIP of the single PDFs."""
    from pypdf import PdfReader, PdfWriter

    writer, readers = PdfWriter(), {}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:
        for part in parts:
            if part.chunk is not None:  # pages of one chunk share their fonts and images in the joined PDF
                if id(part.chunk) not in readers:
                    readers[id(part.chunk)] = PdfReader(io.BytesIO(part.chunk))
                for page in part.pages:
                    writer.add_page(readers[id(part.chunk)].pages[page])
            else:
                for page in PdfReader(io.BytesIO(part.single)).pages:
                    writer.add_page(page)
            zipped.writestr(part.name, part.single)
    if any(part.chunk is None for part in parts):  # stored PDFs each bring their own fonts: keep one of each
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    joined = io.BytesIO()
    writer.write(joined)
    return joined.getvalue(), archive.getvalue()


@contextmanager
def urls_for(base_url: str | None):
    """Verification URLs need an address: the request's, SERVER_NAME, PUBLIC_URL or the job's ``base_url``.

    Outside a request (a consumer), Flask builds no URL at all without SERVER_NAME, so a request context is
    made up for the address we have (with PUBLIC_URL set, ``verification_url`` prints that one anyway)."""
    config = current_app.config
    base_url = config.get("PUBLIC_URL") or base_url
    if has_request_context() or config.get("SERVER_NAME"):
        yield
    elif base_url:
        with current_app.test_request_context(base_url=base_url):
            yield
    else:
        raise Refused(_l("Set the public address of the application (KINERJA_PUBLIC_URL) so that the "
                         "documents' QR codes can be printed."))
