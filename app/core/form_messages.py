"""WTForms' own messages ("This field is required.", …) in the app's catalogue, so they follow the user's
language: WTForms ships no Indonesian. ``app.core.forms.Form`` hands these translations to every form.

The markers below only let pybabel extract the messages; the texts must stay WTForms' own, to the letter.
"""

from __future__ import annotations

from flask_babel import get_translations


def _(text: str) -> str:
    return text


def ngettext(singular: str, plural: str, n: int = 2) -> str:
    return plural


class Translations:
    """What WTForms asks of a translations object, answered from the app's catalogue."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


TRANSLATIONS = Translations()

MESSAGES = (
    _("This field is required."),
    _("Invalid input."),
    _("Not a valid choice."),
    _("Not a valid integer value."),
    _("Not a valid decimal value."),
    _("Not a valid float value."),
    _("Not a valid date value."),
    _("Not a valid datetime value."),
    _("Not a valid time value."),
    _("Number must be at least %(min)s."),
    _("Number must be at most %(max)s."),
    _("Number must be between %(min)s and %(max)s."),
    _("Field must be between %(min)d and %(max)d characters long."),
    _("Field must be equal to %(other_name)s."),
    _("Invalid email address."),
    _("Invalid URL."),
    _("Invalid value, must be one of: %(values)s."),
    _("Invalid Choice: could not coerce."),
    _("Invalid choice(s): one or more data inputs could not be coerced."),
    _("The CSRF token is missing."),
    _("The CSRF token is invalid."),
    _("The CSRF token has expired."),
    _("The CSRF tokens do not match."),
    _("The referrer header is missing."),
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long."),
    ngettext("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field."),
)
