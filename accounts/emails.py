"""Emails to account holders, written in the holder's own language."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import email_confirmation_token


def _send(user: User, template: str, context: dict) -> None:
    with translation.override(user.language):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def confirmation_url(user: User) -> str:
    path = reverse(
        "accounts:confirm_email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )
    return settings.SITE_URL + path


def welcome_email_send(*, user_id: int) -> bool:
    """Send the welcome email with its confirmation link once; False if already sent.

    The row lock makes a retried or duplicated task wait, then see the email was sent.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.welcome_email_sent_at is not None:
            return False
        _send(user, "welcome", {"confirmation_url": confirmation_url(user)})
        user.welcome_email_sent_at = timezone.now()
        user.save(update_fields=["welcome_email_sent_at"])
    return True


def already_registered_email_send(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        login_url = settings.SITE_URL + reverse("accounts:login")
        reset_url = settings.SITE_URL + reverse("accounts:password_reset")
        _send(user, "already_registered", {"login_url": login_url, "reset_url": reset_url})


def password_reset_email_send(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    _send(user, "password_reset", {"reset_url": settings.SITE_URL + path})


def pending_welcome_user_ids(*, older_than, newer_than) -> list[int]:
    """Sign-ups whose welcome email never went out (the broker was down when they signed up)."""
    return list(
        User.objects.filter(
            welcome_email_sent_at__isnull=True,
            email_verified_at__isnull=True,
            date_joined__lt=older_than,
            date_joined__gt=newer_than,
        ).values_list("pk", flat=True)
    )
