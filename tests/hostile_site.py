"""The site the hostile-input suite walks (``tests/test_hostile_generated.py``): its pages and the forms on them.

The world is ``tests/samples.py``'s ``states()``: records in every state a form needs. Pages are the GET routes
filled with these records (every record of the kind a URL names, so each state is visited); the admin opens
them all, then other users until every form was seen (a party signs, a panel member scores); the first form
seen for each POST endpoint is kept with the user who saw it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from werkzeug.datastructures import MultiDict

from app.extensions import db
from tests.samples import PDF, States


@dataclass
class Site(States):
    """The world's values, and what walking its pages found."""

    forms: dict = field(default_factory=dict)  # endpoint -> FormSpec
    opened: int = 0  # pages opened while walking
    errors: list = field(default_factory=list)  # pages that answered with an error (a 500) while walking
    before: dict = field(default_factory=dict)  # table -> its rows before any submission (read when needed)


# -- pages and forms ------------------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, password, hidden, number, date, email, select, checkbox, radio, file, button
    value: str = ""
    options: list = field(default_factory=list)  # select: option values; checkbox: values of the group
    checked: bool = False
    accept: str = ""
    numeric: bool = False  # a text input for a number (inputmode decimal or numeric)


@dataclass
class FormSpec:
    endpoint: str
    page: str  # the page it was found on
    user: str  # who saw it ("" for anonymous)
    action: str
    htmx: bool
    fields: list  # [Field], in page order; several checkboxes may share a name
    multipart: bool = False
    files: dict = field(default_factory=dict)  # file field -> (content, name) to send instead of file_for's
    row: bool = False  # an htmx row: each input posts the row when it changes (no button is pressed)

    @property
    def names(self) -> list[str]:
        seen = []
        for f in self.fields:
            if f.name not in seen and f.name != "csrf_token":
                seen.append(f.name)
        return seen

    def kind_of(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


class _FormParser(HTMLParser):
    """POST forms, and htmx rows (an element with ``hx-include="this"`` whose inputs post on change)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._open: list[dict] = []  # containers being read: {"tag", "depth", "spec"}
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def _add(self, f: Field) -> None:
        for c in self._open:
            c["spec"]["fields"].append(f)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        for c in self._open:
            if c["tag"] == tag and tag not in _VOID:
                c["depth"] += 1
        if tag == "form" and a.get("method", "get").lower() == "post":
            spec = {"action": a.get("action", ""), "htmx": "hx-post" in a, "fields": [], "row": False,
                    "multipart": a.get("enctype") == "multipart/form-data"}
            self.forms.append(spec)
            self._open.append({"tag": tag, "depth": 1, "spec": spec})
        elif a.get("hx-include") == "this" and tag != "form":
            spec = {"action": a.get("hx-post", ""), "htmx": True, "fields": [], "multipart": False, "row": True}
            self.forms.append(spec)
            self._open.append({"tag": tag, "depth": 1, "spec": spec})
        if not self._open:
            return
        if "hx-post" in a:
            for c in self._open:
                if not c["spec"]["action"]:
                    c["spec"]["action"] = a["hx-post"]
        name = a.get("name")
        if "disabled" in a:
            return
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "reset"):
                kind = "button"
            self._add(Field(name, kind if kind != "search" else "text", a.get("value", ""), checked="checked" in a,
                            accept=a.get("accept", ""), numeric=a.get("inputmode") in ("decimal", "numeric")))
        elif tag == "button" and name:
            self._add(Field(name, "button", a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", "")
            self._add(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select", "")
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option["text"] += data

    def _close_option(self):
        if self._option is not None and self._select is not None:
            value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
            self._select.options.append(value)
            if self._option["selected"]:
                self._select.value = value
                self._select.checked = True
        self._option = None

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None
        for c in list(self._open):
            if c["tag"] == tag:
                c["depth"] -= 1
                if c["depth"] == 0:
                    self._open.remove(c)


def forms_of(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return [f for f in parser.forms if f["action"]]


def login(client, user) -> None:
    """Log ``user`` in by writing the session (their login identity, session token included)."""
    identity = user if isinstance(user, str) or user is None else user.get_id()
    with client.session_transaction() as sess:
        sess.clear()
        if identity is not None:
            sess["_user_id"] = identity
            sess["_fresh"] = True


def page_urls(app, site: Site) -> list[str]:
    """Every GET route, filled with each record of the kind its URL names (the samples for the other values)."""
    from flask import url_for

    from tests.samples import rules

    urls = list(site.pages)
    for rule in rules(app):
        if "GET" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        loaders = getattr(view, "access_loaders", {})
        base = {arg: (site.ids[loaders[arg]][0] if arg in loaders else site.extra[arg]) for arg in rule.arguments}
        choices = [base]
        for arg in rule.arguments:
            model = loaders.get(arg)
            for record_id in site.ids.get(model, ())[1:]:
                choices.append(dict(base, **{arg: record_id}))
        with app.test_request_context():
            for values in choices:
                url = url_for(rule.endpoint, **values)
                if url not in urls:
                    urls.append(url)
    return urls


def endpoint_of(app, url: str, method: str = "POST") -> str | None:
    from werkzeug.exceptions import HTTPException

    adapter = app.url_map.bind("kinerja.test")
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method=method)
    except HTTPException:
        return None
    return endpoint


def walk(app, client, site: Site, urls: list[str], wanted: set[str]) -> None:
    """Open the pages as each user in turn, until a form for every ``wanted`` endpoint was seen; keep the first
    form seen for each POST endpoint.

    The admin opens every page; the other users (and anonymous, for the public forms) only the HTML pages of the
    areas whose forms are still missing.
    """
    html: dict[str, bool] = {}
    for name, user in [*site.users.items(), ("", None)]:
        missing = wanted - set(site.forms)
        if name != "admin" and not missing:
            return
        areas = {endpoint.split(".")[0] for endpoint in missing}
        login(client, user)
        for url in urls:
            endpoint = endpoint_of(app, url, "GET")
            if name != "admin" and (html.get(url) is False or endpoint.split(".")[0] not in areas):
                continue
            if user is None and not getattr(app.view_functions[endpoint], "access_public", False):
                continue
            site.opened += 1
            try:
                response = client.get(url)
            except Exception as error:  # re-raised from the view: a 500
                site.errors.append(f"GET {url} as {name or 'anonymous'}: {type(error).__name__}: {error}"[:300])
                db.session.rollback()
                continue
            finally:
                db.session.expunge_all()  # keep the session small: every commit expires what it holds
            if response.status_code >= 500:
                site.errors.append(f"GET {url} as {name or 'anonymous'}: {response.status_code}")
            html.setdefault(url, response.content_type.startswith("text/html"))
            if response.status_code != 200 or not response.content_type.startswith("text/html"):
                continue
            for raw in forms_of(response.get_data(as_text=True)):
                found = endpoint_of(app, raw["action"])
                if found is None or found in site.forms:
                    continue
                fields = raw["fields"]
                site.forms[found] = FormSpec(found, url, name, raw["action"], raw["htmx"], fields,
                                             raw["multipart"] or any(f.kind == "file" for f in fields),
                                             row=raw["row"])
            if name != "admin" and wanted <= set(site.forms):
                return


# Forms that take back a workbook the app exports (upload endpoint -> export endpoint, same URL values): they
# are sent that workbook, unchanged, and the form their answer shows (apply the preview) is kept too.
WORKBOOKS = {"agreements.excel_import": "agreements.excel_export", "monitoring.excel_upload": "monitoring.excel_export"}


def edited(workbook: bytes) -> bytes:
    """The workbook as a user fills it in: on the last row of each sheet, a value where there was none and a
    note."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook))
    for sheet in book.worksheets:
        header = [str(c.value or "").lower() for c in sheet[1]]
        for column, name in enumerate(header, 1):
            cell = sheet.cell(sheet.max_row, column)
            if name in ("catatan", "keterangan"):
                cell.value = "Diisi di Excel"
            elif name == "realisasi" and cell.value in (None, ""):
                cell.value = 7
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def answer_forms(app, client, site: Site) -> None:
    """Send the workbook forms their exported workbook and keep the forms of the answers (in a savepoint)."""
    from flask import url_for

    adapter = app.url_map.bind("kinerja.test")
    for upload, export in WORKBOOKS.items():
        spec = site.forms.get(upload)
        if spec is None:
            continue
        parts = urlsplit(spec.action)
        _, values = adapter.match(parts.path, method="POST")
        with app.test_request_context():
            url = url_for(export, **values) + (f"?{parts.query}" if parts.query else "")
        login(client, site.users.get(spec.user))
        workbook = client.get(url)
        file_field = next(f for f in spec.fields if f.kind == "file")
        spec.files[file_field.name] = (edited(workbook.data), "uji.xlsx")
        db.session.commit()
        savepoint = db.session.get_bind().begin_nested()
        try:
            data = [(n, (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v) for n, v in baseline(spec)]
            answer = client.post(spec.action, data=MultiDict(data), content_type="multipart/form-data")
            for raw in forms_of(answer.get_data(as_text=True)):
                found = endpoint_of(app, raw["action"])
                if found is not None and found not in site.forms:
                    site.forms[found] = FormSpec(found, f"the answer to {spec.action}", spec.user, raw["action"],
                                                 raw["htmx"], raw["fields"], raw["multipart"])
        finally:
            db.session.rollback()
            savepoint.rollback()


# -- baseline values ---------------------------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def file_for(f: Field) -> tuple[bytes, str]:
    accept = f.accept.split(",")[0].strip(". ") if f.accept else ""
    if f.name == "logo" or accept in ("png", "jpg", "jpeg"):
        return PNG, "png"
    if f.name == "evidence" or accept == "pdf":
        return PDF, "pdf"
    if accept == "xlsx":
        from openpyxl import Workbook

        out = io.BytesIO()
        Workbook().save(out)
        return out.getvalue(), "xlsx"
    return b"nip,nama\n", "csv"


TEXT_DEFAULTS = (("email", "uji@example.go.id"), ("website", "https://example.go.id"), ("phone", "021-5550123"),
                 ("postal", "10110"), ("password", "sandi-yang-panjang-1"), ("confirm", "sandi-yang-panjang-1"),
                 ("nip", ""), ("nik", ""), ("employee_number", ""), ("username", "ujicoba"),
                 ("number_pattern", "800/{seq}/{unit}/{month_roman}/{year}"))
KIND_DEFAULTS = {"date": "2018-03-05", "number": "1", "month": "2018-03", "email": "uji@example.go.id",
                 "password": "sandi-yang-panjang-1"}


def baseline(spec: FormSpec) -> list[tuple[str, object]]:
    """The form as a user would send it: its values, empty fields filled with plausible ones."""
    data: list[tuple[str, object]] = []
    buttons: set[str] = set()
    for f in spec.fields:
        if f.name == "csrf_token":
            continue
        if f.kind in ("checkbox", "radio"):
            if f.checked:
                data.append((f.name, f.value or "y"))
        elif f.kind == "button":  # the first named button is pressed; in an htmx row, an input posts it
            if f.name not in buttons and not spec.row:
                buttons.add(f.name)
                data.append((f.name, f.value))
        elif f.kind == "select":
            value = f.value if f.checked else next((o for o in f.options if o), "")
            data.append((f.name, value))
        elif f.kind == "file":
            if f.name in spec.files:
                data.append((f.name, spec.files[f.name]))
            else:
                content, ext = file_for(f)
                data.append((f.name, (content, f"uji.{ext}")))
        elif f.value or f.kind == "hidden":
            data.append((f.name, f.value))
        else:
            value = KIND_DEFAULTS.get(f.kind)
            if value is None:
                value = next((v for key, v in TEXT_DEFAULTS if key in f.name), "1" if f.numeric else "Uji")
            data.append((f.name, value))
    return data
