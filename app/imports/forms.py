"""The upload form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from app.core.forms import Form


def kind_labels() -> dict[str, str]:
    return {"people": _l("People"), "positions": _l("Positions"), "units": _l("Units")}


def status_labels() -> dict[str, str]:
    return {"preview": _l("Waiting for confirmation"), "committed": _l("Imported"), "discarded": _l("Discarded")}


class UploadForm(Form):
    kind = SelectField(_l("The file contains"), choices=[])
    file = FileField(_l("File (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file to upload."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(kind_labels().items())
