from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """A link that confirms an address once: it stops working when the account is confirmed or
    its password changes (a later sign-up with the same address sets a new one)."""

    key_salt = "accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp) -> str:
        return f"{user.pk}{user.password}{user.email_verified_at}{user.email}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()
