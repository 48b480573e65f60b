"""Every kind of credential this issuer signs: course certificates, and those the apps above
register in their `AppConfig.ready()` (level credentials). The revocation list and the check of
a presented credential cover them all.

A registered model has `credential_id` (a UUID, unique), `status` ("valid" or "revoked") and
`revoked_at`, as `Certificate` has.
"""

from itertools import chain

from certificates.models import Certificate, CertificateStatus

_models: list = [Certificate]


def register_credential_model(model) -> None:
    if model not in _models:
        _models.append(model)


def find(credential_id: str):
    """The issued credential with this credential id, of any kind; None if there is none."""
    for model in _models:
        found = (
            model.objects.filter(credential_id=credential_id).only("status", "revoked_at").first()
        )
        if found is not None:
            return found
    return None


def revoked_ids():
    """The credential ids of every revoked credential, of every kind (one query per kind)."""
    return chain.from_iterable(
        model.objects.filter(status=CertificateStatus.REVOKED).values_list(
            "credential_id", flat=True
        )
        for model in _models
    )
