"""The signed-in account of a request, read from the shared cache when it holds it.

Django reads the account from the database on every request. With a shared cache
(settings.SHARED_CACHE) the account is kept there, and every save or delete of it retires the
copy (`forget`, connected in AccountsConfig.ready; services that write with `update()` call it).
The session's password hash is still checked against the cached account, so a password change
still ends the other sessions.
"""

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.utils.crypto import constant_time_compare

from core import caching

ACCOUNT_SECONDS = 5 * 60  # also bounds a copy cached by a read racing a change
ACCOUNT_KEY = "accounts:signed-in:{}"


def request_user(request):
    """auth.get_user(request), from the cache when it holds this session's account."""
    if not settings.SHARED_CACHE:
        return auth.get_user(request)
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if user_id is None:
        return auth.get_user(request)
    key = ACCOUNT_KEY.format(user_id)
    user = cache.get(key)
    if (
        user is not None
        and session.get(auth.BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        and constant_time_compare(
            session.get(auth.HASH_SESSION_KEY) or "", user.get_session_auth_hash()
        )
    ):
        return user
    user = auth.get_user(request)
    if user.is_authenticated:
        cache.set(key, user, ACCOUNT_SECONDS)
    return user


def forget(user_id) -> None:
    """Retire the cached copy of this account: now, and once the transaction commits (a request
    reading the old row in between may have cached it again)."""
    if not settings.SHARED_CACHE:
        return
    caching.forget(ACCOUNT_KEY.format(user_id))


def account_changed(sender, instance, **kwargs) -> None:
    forget(instance.pk)
