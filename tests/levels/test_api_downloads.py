"""A level credential's files through the API, with a token (the standard is in
tests/levels/conftest.py)."""

import pytest
from rest_framework.authtoken.models import Token

from levels.models import LevelCredential
from tests.levels.conftest import pass_course

pytestmark = pytest.mark.django_db

FOUNDATION = "/api/v1/roles/export-specialist/levels/1/apply/"


@pytest.fixture
def credential(api, learner, standard, django_capture_on_commit_callbacks):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    api.force_authenticate(learner)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(FOUNDATION)
    api.force_authenticate(None)
    return LevelCredential.objects.get(user=learner)


def download_url(credential, kind: str) -> str:
    return f"/api/v1/me/level-credentials/{credential.public_id}/{kind}"


def with_token(api, user):
    token, _created = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_anonymous_gets_401(api, credential):
    assert api.get(download_url(credential, "pdf")).status_code == 401


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("pdf", "application/pdf"), ("png", "image/png"), ("jwt", "application/vc+jwt")],
)
def test_my_files_with_a_token(api, learner, credential, kind, content_type):
    with_token(api, learner)
    [row] = api.get("/api/v1/me/level-credentials/").json()
    assert row["downloads"][kind] == f"http://testserver{download_url(credential, kind)}"
    response = api.get(row["downloads"][kind], HTTP_ACCEPT=content_type)
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")


def test_another_learners_credential_is_404(api, other_learner, credential):
    with_token(api, other_learner)
    response = api.get(download_url(credential, "pdf"))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_file_not_rendered_yet_is_404(api, learner, credential):
    LevelCredential.objects.filter(pk=credential.pk).update(pdf="")
    with_token(api, learner)
    assert api.get("/api/v1/me/level-credentials/").json()[0]["downloads"]["pdf"] is None
    assert api.get(download_url(credential, "pdf")).status_code == 404
