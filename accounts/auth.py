from accounts.models import normalize_email


def axes_username(request, credentials) -> str | None:
    """Count failures per normalized email, so changing its case does not reset the lockout."""
    source = credentials if credentials is not None else request.POST
    username = (source or {}).get("username")
    return normalize_email(username) if isinstance(username, str) else None
