"""Uploaded import documents (course JSON, framework CSV or CASE JSON) read as text."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def document_text(upload, *, max_bytes: int) -> str:
    """An uploaded import document (JSON, CSV) as text, or ValidationError: too large, not UTF-8,
    or holding NUL characters (no text format needs them and PostgreSQL cannot store them)."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s.") % {"size": filesizeformat(max_bytes)}
        )
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text.")) from None
    if "\x00" in text or "\\u0000" in text:
        raise ValidationError(_("The file contains NUL characters; remove them and try again."))
    return text
