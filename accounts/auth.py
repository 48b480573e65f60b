from django.conf import settings

from accounts.models import normalize_email


def axes_username(request, credentials) -> str | None:
    """Count failures per normalized email, so changing its case does not reset the lockout."""
    source = credentials if credentials is not None else request.POST
    username = (source or {}).get("username")
    return normalize_email(username) if isinstance(username, str) else None


def client_ip(request) -> str:
    """The client's address for login throttling.

    Behind our reverse proxy (BEHIND_PROXY) it is the last X-Forwarded-For entry, the one the
    proxy itself appended; earlier entries are whatever the client chose to send.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
