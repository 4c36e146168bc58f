
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from app.core.clock import agency_today
from app.core.forms import VersionedForm, strip
from app.org import emblem
from app.org.models import EMPLOYEE_STATUSES, PAPER_SIZES, PEMDA_LEVELS, POSITION_TYPES, TIMEZONES, UNIT_KINDS
from app.org.rules import ESELON_RANGE, check_ni_pppk, check_nik, check_nip, golongan_choices


def unit_kind_labels():
    return {
        "opd": _l("OPD (agency)"), "sekretariat": _l("Secretariat"), "bidang": _l("Division (bidang)"),
        "seksi": _l("Section (seksi)"), "subbagian": _l("Sub-division (subbagian)"),
        "upt": _l("UPT / balai / panti"), "suku_dinas": _l("Suku dinas"),
        "satpel": _l("Satpel kecamatan"), "other": _l("Other"),
    }


def position_type_labels():
    return {
        "jpt": _l("JPT (senior executive)"), "administrator": _l("Administrator"), "pengawas": _l("Supervisor (pengawas)"),
        "pelaksana": _l("Executor (pelaksana)"), "fungsional": _l("Functional"), "non_asn": _l("Non-ASN"),
    }


def employment_type_labels():
    return {"pns": "PNS", "pppk": "PPPK", "thl": "THL", "pjlp": "PJLP", "honorer": _l("Honorer")}


def status_labels():
    return {
        "aktif": _l("Active"), "cuti": _l("On leave"), "tugas_belajar": _l("Study leave"),
        "pensiun": _l("Retired"), "berhenti": _l("Left"), "meninggal": _l("Deceased"),
    }


def labels() -> dict:
    """The words pages show for the codes of units, positions and people."""
    return {"kinds": unit_kind_labels(), "ptypes": position_type_labels(),
            "etypes": employment_type_labels(), "statuses": status_labels()}


def person_name(form, field):
    """Digits in a name are a mistake (a NIP typed in the wrong field). Any other character may be part of a
    name: what is typed is shown escaped, so text is never refused for looking like markup or SQL."""
    if field.data and any(c.isdigit() for c in field.data):
        raise ValidationError(_l("A name may not contain digits."))


# The rating presets the settings page offers (key -> label). The area that rates achievement adds its own at
# start-up (``add_rating_presets``): the organisation does not know how achievement is rated.
RATING_PRESETS: dict[str, str] = {}


def add_rating_presets(presets: dict[str, str]) -> None:
    RATING_PRESETS.update(presets)


class PemdaForm(VersionedForm):
    name = StringField(_l("Name of the regional government"), validators=[DataRequired(), Length(max=200)],
                       filters=[strip])
    level = SelectField(_l("Level"), choices=[(v, v.capitalize()) for v in PEMDA_LEVELS])
    city = StringField(_l("City where documents are signed"), validators=[DataRequired(), Length(max=100)],
                       filters=[strip])
    timezone = SelectField(_l("Time zone"), choices=[(k, f"{k} ({v})") for k, v in TIMEZONES.items()])
    paper_size = SelectField(_l("Paper size"), choices=[("A4", "A4 (210 × 297 mm)"), ("F4", "F4 / Folio (215 × 330 mm)")])
    logo = FileField(_l("Emblem (SVG, PNG or JPEG, at most 1 MB)"), render_kw={"accept": ".svg,.png,.jpg,.jpeg"})
    rating_preset = SelectField(_l("Rating bands for achievement"), choices=[], default="sampang")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rating_preset.choices = list(RATING_PRESETS.items())

    def validate_logo(self, field):
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            field.data = None
            return
        data = upload.read(emblem.MAX_BYTES + 1)
        try:
            field.data = (data, emblem.check(data))
        except emblem.EmblemRefused as refused:
            raise ValidationError(refused.message) from refused

    def validate_paper_size(self, field):
        if field.data not in PAPER_SIZES:
            raise ValidationError(_l("Choose A4 or F4."))


class UnitForm(VersionedForm):
    kind = SelectField(_l("Kind"), choices=[])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)], filters=[strip])
    code = StringField(_l("Short code (for document numbers)"), validators=[Optional(), Length(max=30)],
                       filters=[strip])
    sort_order = IntegerField(_l("Order among its siblings"), default=0,
                              validators=[Optional(), NumberRange(min=0, max=9999)])
    kop_government = StringField(_l("Letterhead: government line"), validators=[Optional(), Length(max=200)],
                                 filters=[strip])
    kop_name = StringField(_l("Letterhead: unit line"), validators=[Optional(), Length(max=200)],
                           filters=[strip])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)], filters=[strip])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=60)], filters=[strip])
    email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=120)], filters=[strip])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=120)], filters=[strip])
    postal_code = StringField(_l("Postal code"), validators=[Optional(), Length(min=5, max=5)], filters=[strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(unit_kind_labels().items())

    def validate_kind(self, field):
        if field.data not in UNIT_KINDS:
            raise ValidationError(_l("Choose a kind from the list."))

    def validate_postal_code(self, field):
        if field.data and not field.data.isdigit():
            raise ValidationError(_l("A postal code has 5 digits."))

    def values(self) -> dict:
        data = {k: v for k, v in self.data.items() if k not in ("csrf_token", "version")}
        data["sort_order"] = data.get("sort_order") or 0
        return data


class WorkingYearForm(VersionedForm):
    working_year = IntegerField(_l("Working year"), validators=[Optional(), NumberRange(min=2000, max=2100)])


class MoveUnitForm(VersionedForm):
    parent_id = SelectField(_l("New parent unit"), coerce=int, choices=[])


class PositionForm(VersionedForm):
    name = StringField(_l("Position name"), validators=[DataRequired(), Length(max=200)], filters=[strip])
    type = SelectField(_l("Type"), choices=[])
    eselon = SelectField(_l("Eselon"), choices=[], validators=[Optional()])
    kelas_jabatan = IntegerField(_l("Job class (kelas jabatan)"),
                                 validators=[DataRequired(), NumberRange(min=1, max=17,
                                             message=_l("The job class is a whole number from 1 to 17."))])
    is_head = BooleanField(_l("Head of the unit"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = list(position_type_labels().items())
        self.eselon.choices = [("", "—")] + [(e, e) for e in ESELON_RANGE]

    def validate_type(self, field):
        if field.data not in POSITION_TYPES:
            raise ValidationError(_l("Choose a type from the list."))

    def values(self) -> dict:
        return {"name": self.name.data, "type": self.type.data, "eselon": self.eselon.data or None,
                "kelas_jabatan": self.kelas_jabatan.data, "is_head": bool(self.is_head.data)}


class EmployeeForm(VersionedForm):
    employment_type = SelectField(_l("Employment type"), choices=[])
    # No Optional() here: it would stop the chain before validate_nip, which requires a NIP for ASN.
    nip = StringField(_l("NIP / NI PPPK"), validators=[Length(max=40)], filters=[strip],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    nik = StringField(_l("NIK"), validators=[Length(max=40)], filters=[strip],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    front_title = StringField(_l("Front title (e.g. Dr., Ir.)"), validators=[Optional(), Length(max=40)],
                              filters=[strip])
    name = StringField(_l("Name (without titles)"), validators=[DataRequired(), Length(max=150), person_name],
                       filters=[strip])
    back_title = StringField(_l("Back title (e.g. S.Sos., M.Si.)"), validators=[Optional(), Length(max=60)],
                             filters=[strip])
    sex = SelectField(_l("Sex"), choices=[])
    golongan = SelectField(_l("Pangkat / golongan"), choices=[], validate_choice=False)
    unit_id = SelectField(_l("Unit"), coerce=int, choices=[], validate_choice=False)
    position_id = SelectField(_l("Position"), coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                              choices=[], validators=[Optional()], validate_choice=False)
    status = SelectField(_l("Status"), choices=[])
    email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=120)], filters=[strip])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)], filters=[strip])
    valid_from = DateField(_l("Unit, position and pangkat valid from"), default=agency_today,
                           validators=[DataRequired(message=_l("Give the date from which this is true."))])
    history_note = TextAreaField(_l("Reason or decree (SK) number for a change"),
                                 validators=[Optional(), Length(max=500)], filters=[strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.employment_type.choices = list(employment_type_labels().items())
        self.sex.choices = [("L", _l("Male")), ("P", _l("Female"))]
        self.status.choices = list(status_labels().items())

    def validate_employment_type(self, field):
        if field.data not in employment_type_labels():
            raise ValidationError(_l("Choose an employment type from the list."))

    def validate_status(self, field):
        if field.data not in EMPLOYEE_STATUSES:
            raise ValidationError(_l("Choose a status from the list."))

    def validate_nip(self, field):
        kind = self.employment_type.data
        if kind == "pns":
            problems = check_nip(field.data, agency_today())
        elif kind == "pppk":
            problems = check_ni_pppk(field.data, agency_today())
        else:
            return
        if problems:
            raise ValidationError(" ".join(str(p.message) for p in problems))

    def validate_nik(self, field):
        if self.employment_type.data in ("pns", "pppk") and not field.data:
            return
        problems = check_nik(field.data)
        if problems:
            raise ValidationError(" ".join(str(p.message) for p in problems))

    def validate_golongan(self, field):
        allowed = golongan_choices(self.employment_type.data)
        if allowed and field.data not in allowed:
            raise ValidationError(_l("Choose the pangkat/golongan from the list."))

    def validate_sex(self, field):
        if field.data not in ("L", "P"):
            raise ValidationError(_l("Choose male or female."))
        if self.employment_type.data == "pns" and self.nip.data and not self.nip.errors:
            digits = "".join(self.nip.data.split())
            if len(digits) == 18 and digits[14] in "12" and {"1": "L", "2": "P"}[digits[14]] != field.data:
                raise ValidationError(_l("The sex does not match digit 15 of the NIP."))

    def values(self) -> dict:
        return {k: self.data[k] for k in ("employment_type", "nip", "nik", "name", "front_title", "back_title",
                                          "sex", "golongan", "unit_id", "position_id", "status", "email", "phone")}
