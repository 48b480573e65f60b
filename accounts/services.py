"""Writes to accounts. Views, the API, the admin, commands and tests all change accounts here."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts import signed_in
from accounts.models import INSTRUCTORS_GROUP, User, normalize_email
from accounts.validators import normalize_full_name
from core.enqueue import enqueue_on_commit

PROFILE_FIELDS = ("full_name", "country", "language", "time_zone")
# At most one sign-up or password-reset email per address in this many seconds, so the public
# forms cannot be used to flood someone's inbox.
EMAIL_COOLDOWN_SECONDS = 300


def _email_allowed(kind: str, email: str) -> bool:
    return cache.add(f"accounts:email-cooldown:{kind}:{email}", True, EMAIL_COOLDOWN_SECONDS)


@transaction.atomic
def user_sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    country: str = "",
    language: str = "en",
    time_zone: str = "UTC",
) -> None:
    """Register an address, or re-register one nobody has confirmed yet.

    The caller answers the same way whatever happens here, so nobody learns from the sign-up page
    whether an address has an account. The owner of the address hears by email: a confirmation
    link for a new or unconfirmed account, a notice for a confirmed one.
    """
    email = normalize_email(email)
    # Hash on every path, so the response time does not tell a registered address from a new one.
    password_hash = make_password(password)
    user = User.objects.select_for_update().filter(email=email).first()
    if user is not None and (user.is_active or user.email_verified_at is not None):
        if _email_allowed("sign-up", email):
            enqueue_on_commit("accounts.tasks.send_already_registered_email", user.pk)
        return
    if not _email_allowed("sign-up", email):
        return
    if user is None:
        user = User(email=email, is_active=False)
    user.full_name = normalize_full_name(full_name)
    user.country = country
    user.language = language
    user.time_zone = time_zone
    user.welcome_email_sent_at = None
    user.password = password_hash
    user.full_clean()
    user.save()
    enqueue_on_commit("accounts.tasks.send_welcome_email", user.pk)


@transaction.atomic
def user_create_confirmed(
    *, email: str, password: str, full_name: str, is_superuser: bool = False, **profile
) -> User:
    """An account that needs no email confirmation: made by an operator, the demo or a test."""
    now = timezone.now()
    user = User(
        email=normalize_email(email),
        full_name=normalize_full_name(full_name),
        email_verified_at=now,
        welcome_email_sent_at=now,
        is_staff=is_superuser,
        is_superuser=is_superuser,
        **profile,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_confirm_email(*, user: User) -> User:
    """Activate the account behind a confirmation link (calling it twice changes nothing)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_verified_at", "is_active"])
    return user


@transaction.atomic
def user_update_profile(*, user: User, **fields) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    if "full_name" in fields:
        fields["full_name"] = normalize_full_name(fields["full_name"])
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(fields))
    return user


def password_reset_request(*, email: str) -> None:
    """Email a reset link to the active account with this address, if there is one."""
    email = normalize_email(email)
    user = User.objects.filter(email=email, is_active=True).first()
    if user is not None and user.has_usable_password() and _email_allowed("reset", email):
        enqueue_on_commit("accounts.tasks.send_password_reset_email", user.pk)


def user_password_changed(*, user: User) -> None:
    """A new password ends the API tokens issued under the old one."""
    Token.objects.filter(user=user).delete()


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("That language is not available."))
    User.objects.filter(pk=user.pk).update(language=language)
    signed_in.forget(user.pk)
    user.language = language


@transaction.atomic
def instructor_grant(*, user: User) -> None:
    """Instructors are staff in the Instructors group, which carries their admin permissions."""
    user.groups.add(Group.objects.get(name=INSTRUCTORS_GROUP))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def instructor_revoke(*, user: User) -> None:
    user.groups.remove(Group.objects.get(name=INSTRUCTORS_GROUP))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
