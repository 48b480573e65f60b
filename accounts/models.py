"""The learner's account: email is the login, the name is printed on certificates as written.

Emails are stored lower-cased (a check constraint guarantees it), so the unique index on email is
case-insensitive in every database.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.validators import FULL_NAME_MAX_LENGTH, validate_full_name, validate_time_zone

INSTRUCTORS_GROUP = "Instructors"


def normalize_email(email: str) -> str:
    return email.strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalize_email(username))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("full_name", email.split("@")[0])
        fields.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=FULL_NAME_MAX_LENGTH,
        validators=[validate_full_name],
        help_text=_("As it should be printed on your certificates, in any script."),
    )
    country = CountryField(_("country"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can log into the admin site. Instructors are staff."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unticked until the email address is confirmed, or to block the account."),
    )
    email_verified_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    welcome_email_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("welcome email sent at")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="user_email_is_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def is_instructor(self) -> bool:
        return self.groups.filter(name=INSTRUCTORS_GROUP).exists()
