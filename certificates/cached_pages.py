"""The verify page and JSON of each certificate, kept by core.page_cache under a namespace of
their own: issuing, revoking or re-rendering one certificate retires its pages only."""

import uuid

from accounts import api as accounts
from core import page_cache


def verify_pages(public_id) -> list[str] | None:
    """The namespace of a certificate's public pages; None for an id that is no UUID (its
    not-found page is not kept)."""
    try:
        return [f"certificate:{uuid.UUID(str(public_id))}"]
    except ValueError:
        return None


def certificate_pages(certificate) -> list[str]:
    """Its verify pages and its holder's own pages (dashboard, course and role pages)."""
    return [*verify_pages(certificate.public_id), accounts.learner_pages(certificate.user_id)]


def forget(certificate) -> None:
    """For writes made with `update()` outside a transaction that saved the certificate."""
    page_cache.bump(*certificate_pages(certificate))


def register() -> None:
    from certificates.models import Certificate

    page_cache.invalidate_on_change(Certificate, namespaces=certificate_pages)
