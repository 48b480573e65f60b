import pytest

from certificates import signing

# Certificates are earned through graded assessments: the same course, quiz and enrolment.
from tests.assessments.conftest import course, enrolled, quiz  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_keys(settings, tmp_path):
    """Each test signs with keys of its own, generated on first use."""
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEY = ""
    signing.keys.cache_clear()
    yield
    signing.keys.cache_clear()
