"""Rules for what a learner may put in their profile, shared by forms, the API and the admin."""

import unicodedata
import zoneinfo
from functools import cache

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

FULL_NAME_MAX_LENGTH = 120
_UNPRINTABLE = {"Cc", "Cf", "Co", "Cs", "Cn"}
_JOINERS = {"\u200c", "\u200d"}


def normalize_full_name(value: str) -> str:
    """NFC-normalize and collapse white space, so the same name is stored (and printed) one way."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def validate_full_name(value: str) -> None:
    if not value:
        raise ValidationError(_("Enter your full name."), code="required")
    if len(value) > FULL_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Keep your name to %(limit)d characters or fewer."),
            code="max_length",
            params={"limit": FULL_NAME_MAX_LENGTH},
        )
    # Control and format characters (e.g. bidi overrides) would let a name print deceptively on a
    # certificate; letters, marks, digits, punctuation and spaces of every script are allowed, and
    # so are the zero-width (non-)joiners that Persian and Indic names need.
    if any(unicodedata.category(char) in _UNPRINTABLE and char not in _JOINERS for char in value):
        raise ValidationError(
            _("Your name contains characters that cannot be printed."), code="invalid"
        )
    if not any(unicodedata.category(char).startswith("L") for char in value):
        raise ValidationError(_("Your name must contain at least one letter."), code="invalid")


@cache
def time_zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("%(value)s is not a known time zone; pick one such as Europe/Madrid."),
            code="invalid",
            params={"value": value},
        )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with Django's words, but in our catalogs: Django's own Arabic, Chinese and
    Vietnamese catalogs only know an older wording, so those learners read this error in English."""

    def get_error_message(self) -> str:
        return (
            ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                self.min_length,
            )
            % self.min_length
        )
