"""What production needs before it serves a request, checked when the settings load.

Without these the site would start and then fail at first use: rate limits and sessions on a
per-process cache, emails and certificates run inside web requests, a JWK Set answering 500 and
every certificate failing in the worker. Each problem names the variable that fixes it.
"""

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key


def production_services_problem(
    *, redis_url: str, broker_url: str, signing_key: str, keys_dir: Path
) -> str | None:
    """The first thing production lacks, as a sentence naming its variable; None if nothing."""
    if not redis_url:
        return (
            "REDIS_URL is not set: production needs a cache every process shares "
            "(rate limits, sessions, pages), e.g. REDIS_URL=redis://redis:6379/1."
        )
    if not broker_url:
        return (
            "CELERY_BROKER_URL is not set: production needs a broker for emails, grading and "
            "certificates, e.g. CELERY_BROKER_URL=redis://redis:6379/0."
        )
    if signing_key:
        return _signing_key_problem(signing_key)
    if not any(keys_dir.glob("*.pem")):
        return (
            "CREDENTIAL_SIGNING_KEY is not set and CREDENTIAL_KEYS_DIR "
            f"({keys_dir}) holds no key: credentials cannot be signed. Generate one with "
            "`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` and pass the PEM "
            "(docs/deployment.md, 'Certificate signing keys')."
        )
    return None


def _signing_key_problem(pem: str) -> str | None:
    try:
        key = load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as error:
        return (
            "CREDENTIAL_SIGNING_KEY is not a readable PEM private key "
            f"({error}); keep its line breaks, or write them as \\n inside double quotes."
        )
    if not isinstance(key, rsa.RSAPrivateKey):
        return "CREDENTIAL_SIGNING_KEY must be an RSA private key (credentials are signed RS256)."
    return None
