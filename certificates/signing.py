"""The issuer's signing keys and VC-JWT signing/verification (RS256, the interoperable minimum
Open Badges 3.0 requires).

Keys are RSA PEM files in CREDENTIAL_KEYS_DIR (or one PEM in CREDENTIAL_SIGNING_KEY). The newest
signs; all are published as public JWKs, so rotation never breaks old credentials. A key's `kid`
is the URL of that key's own JWK (named by its RFC 7638 thumbprint), so it dereferences to it.
"""

import base64
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.urls import reverse

ALGORITHM = "RS256"


@dataclass(frozen=True)
class SigningKey:
    thumbprint: str
    kid: str
    private_key: rsa.RSAPrivateKey

    @property
    def public_jwk(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key()))
        # RFC 7517 §4.3: "use" and "key_ops" should not be used together; "use" says it all.
        jwk.pop("key_ops", None)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}


KID_THUMBPRINT = re.compile(r"/([A-Za-z0-9_-]{43})\.json$")


def _thumbprint(public_key) -> str:
    """RFC 7638: SHA-256 over the required members in lexicographic order, base64url."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public_key))
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _key(pem: bytes) -> SigningKey:
    """The kid is the URL of this key's own public JWK, so it dereferences to the key."""
    private_key = serialization.load_pem_private_key(pem, password=None)
    thumbprint = _thumbprint(private_key.public_key())
    return SigningKey(
        thumbprint, settings.SITE_URL + reverse("jwk", args=[thumbprint]), private_key
    )


def public_jwk(thumbprint: str) -> dict | None:
    return next((key.public_jwk for key in keys() if key.thumbprint == thumbprint), None)


def generate_key_file(directory: Path) -> Path:
    """A new RSA-2048 key, written readable by the owner only; it becomes the signing key."""
    directory.mkdir(parents=True, exist_ok=True)
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Named by time to the nanosecond, so the newest sorts last even when two keys are made in one
    # second (older names, to the second, still sort before); never colliding with a deleted key.
    now = time.time_ns()
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now // 10**9)) + f"{now % 10**9:09d}"
    path = directory / f"key-{stamp}-{secrets.token_hex(4)}.pem"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return path


@cache
def keys() -> tuple[SigningKey, ...]:
    """Every key, the signing one first."""
    directory = settings.CREDENTIAL_KEYS_DIR
    files = sorted(directory.glob("*.pem")) if directory.exists() else []
    found = [_key(path.read_bytes()) for path in reversed(files)]
    if settings.CREDENTIAL_SIGNING_KEY:
        found.insert(0, _key(settings.CREDENTIAL_SIGNING_KEY.encode()))
    elif not found:
        if settings.PRODUCTION:
            raise RuntimeError(
                "No credential signing key: set CREDENTIAL_SIGNING_KEY or put a PEM in "
                "CREDENTIAL_KEYS_DIR (manage.py rotate_credential_key)."
            )
        found = [_key(generate_key_file(directory).read_bytes())]
    return tuple(found)


def jwk_set() -> dict:
    """Public keys only: no `d` or other private members ever leave the server."""
    return {"keys": [key.public_jwk for key in keys()]}


def sign(payload: dict) -> str:
    key = keys()[0]
    return jwt.encode(
        payload, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": "JWT"}
    )


class VerificationError(Exception):
    def __init__(self, message: str, check: str = "signature"):
        super().__init__(message)
        self.check = check


def verify(token: str) -> dict:
    """The payload of a VC-JWT whose signature is ours and whose validity window is open, or
    VerificationError saying which step failed."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise VerificationError(f"Not a compact JWS: {error}", "format") from error
    if header.get("alg") != ALGORITHM:
        raise VerificationError(f"Unsupported algorithm {header.get('alg')!r}; expected RS256.")
    # By the key's thumbprint, the kid's last part: the site's address may have changed since
    # (another port, a new domain), and old credentials must still verify.
    thumbprint = KID_THUMBPRINT.search(str(header.get("kid", "")))
    key = next((k for k in keys() if thumbprint and k.thumbprint == thumbprint[1]), None)
    if key is None:
        raise VerificationError("The key id (kid) is not one of this issuer's keys.")
    window = "validity window"
    try:
        return jwt.decode(
            token,
            key.private_key.public_key(),
            algorithms=[ALGORITHM],
            options={"require": ["iss", "jti", "nbf", "sub"], "verify_aud": False},
        )
    except jwt.ImmatureSignatureError as error:
        raise VerificationError("The credential is not valid yet (nbf).", window) from error
    except jwt.ExpiredSignatureError as error:
        raise VerificationError("The credential has expired (exp).", window) from error
    except jwt.InvalidSignatureError as error:
        raise VerificationError("The signature does not match: it was altered.") from error
    except jwt.MissingRequiredClaimError as error:
        raise VerificationError(f"A required claim is missing: {error.claim}.", "format") from error
    except jwt.PyJWTError as error:
        raise VerificationError(f"The credential is not valid: {error}", "format") from error
