import zoneinfo
from datetime import datetime
from functools import lru_cache

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User, normalize_email
from accounts.validators import (
    FULL_NAME_MAX_LENGTH,
    normalize_full_name,
    time_zone_names,
    validate_full_name,
)
from core.collation import country_choices as collated_countries
from core.collation import time_zone_places

# The IANA areas, in the order a reader scans a map; every other name (UTC, Etc/GMT+5, US/Eastern
# and other old aliases) goes under "Other", so all 490-odd names stay valid and findable.
TIME_ZONE_AREAS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


@lru_cache(maxsize=1)
def _zones() -> dict[str, zoneinfo.ZoneInfo]:
    # Held here: ZoneInfo's own cache keeps only a few zones, and reading 490 tz files per form
    # costs ~100 ms.
    return {name: zoneinfo.ZoneInfo(name) for name in time_zone_names()}


def _utc_offset(name: str, now: datetime) -> str:
    offset = now.astimezone(_zones()[name]).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def time_zone_choices() -> list:
    """UTC first, then the zones grouped by area, each labelled by its place and today's offset
    ("Buenos Aires · UTC-03:00" under Americas, the place in the reader's language): scanned by
    region or by offset instead of as 490 bare names."""
    now = timezone.now()
    places = time_zone_places(get_language() or "en", time_zone_names())
    groups: dict[str, list[tuple[str, str]]] = {area: [] for area in [*TIME_ZONE_AREAS, ""]}
    for name in time_zone_names():
        if name == "UTC":
            continue
        area, _sep, place = name.partition("/")
        if area not in TIME_ZONE_AREAS or not place:
            area, place = "", name
        place = places.get(name) or place.replace("_", " ").replace("/", " / ")
        groups[area].append((name, f"{place} · {_utc_offset(name, now)}"))
    return [
        ("UTC", "UTC"),
        *((TIME_ZONE_AREAS[area], groups[area]) for area in TIME_ZONE_AREAS),
        (pgettext_lazy("time zones", "Other"), groups[""]),
    ]


def country_choices() -> list[tuple[str, str]]:
    """Called per form, so country names come in the language of the request, in its order."""
    return [("", "—"), *collated_countries()]


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=FULL_NAME_MAX_LENGTH,
        help_text=_("As it should be printed on your certificates, in any script."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices, required=False)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        # Place names (CLDR's in the reader's language, else the IANA id): data, not interface
        # text for a browser to machine-translate.
        widget=forms.Select(attrs={"translate": "no"}),
    )

    def clean_full_name(self) -> str:
        name = normalize_full_name(self.cleaned_data["full_name"])
        validate_full_name(name)
        return name


class SignUpForm(ProfileForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=User._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    field_order = ["email", "full_name", "password", "country", "language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
        self.fields["time_zone"].initial = "UTC"
        if not self.is_bound:
            # static/js/time-zone.js swaps this default for the browser's zone; a form sent back
            # with errors keeps what the learner chose.
            self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = "UTC"

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "That email and password do not match an active account. If you have just signed "
            "up, open the link in the email we sent you first."
        ),
        "inactive": _("This account is not active."),
    }


class ConfirmEmailForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        help_text=_("The password you chose when you signed up."),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not the password chosen at sign-up."))
        return password


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, but the email goes out from a task, so response time says nothing about
    whether the address has an account."""

    def save(self, **kwargs) -> None:
        services.password_reset_request(email=self.cleaned_data["email"])
