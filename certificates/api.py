"""What the apps above certificates may use: the issuer, its signing and rendering, the verify
rate limit, and the course certificates a learner holds."""

from certificates.credentials import OB3_CONTEXT, identifier, issuer_profile, signed_jwt
from certificates.issued import download, download_urls, issued_or_404, render_files
from certificates.models import Certificate, CertificateStatus
from certificates.registry import register_credential_model
from certificates.rest_api.downloads import DownloadsSerializer, IssuedDownloadView
from certificates.selectors import certified_families
from certificates.throttle import throttled

__all__ = [
    "OB3_CONTEXT",
    "Certificate",
    "CertificateStatus",
    "DownloadsSerializer",
    "IssuedDownloadView",
    "certified_families",
    "download",
    "download_urls",
    "identifier",
    "issued_or_404",
    "issuer_profile",
    "register_credential_model",
    "render_files",
    "signed_jwt",
    "throttled",
]
