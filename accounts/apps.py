from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import receivers

        user_logged_in.connect(
            receivers.keep_language_chosen_before_login, dispatch_uid="keep_language_chosen"
        )
