from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from accounts import receivers, signed_in
        from accounts.models import User

        user_logged_in.connect(
            receivers.keep_language_chosen_before_login, dispatch_uid="keep_language_chosen"
        )
        # The cached signed-in account follows every save and delete of it.
        post_save.connect(signed_in.account_changed, sender=User, dispatch_uid="signed-in")
        post_delete.connect(signed_in.account_changed, sender=User, dispatch_uid="signed-in-delete")
