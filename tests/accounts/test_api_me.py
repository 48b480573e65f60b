import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def test_it_needs_authentication(api):
    response = api.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_reads_my_profile(api, learner, django_assert_max_num_queries):
    api.force_authenticate(learner)
    # user's groups (is_instructor)
    with django_assert_max_num_queries(1):
        response = api.get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "uuid": str(learner.uuid),
        "email": "amina@example.com",
        "full_name": "Amina Haddad",
        "country": "",
        "language": "en",
        "time_zone": "UTC",
        "is_staff": False,
        "is_instructor": False,
        "date_joined": learner.date_joined.isoformat().replace("+00:00", "Z"),
    }


def test_it_updates_my_profile_but_not_email_or_roles(api, learner):
    api.force_authenticate(learner)
    response = api.patch(
        ME,
        {
            "full_name": " Амина  Хаддад ",
            "country": "KZ",
            "time_zone": "Asia/Almaty",
            "email": "boss@example.com",
            "is_staff": True,
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["full_name"] == "Амина Хаддад"
    learner.refresh_from_db()
    assert (learner.email, learner.is_staff) == ("amina@example.com", False)
    assert (learner.country.code, learner.time_zone) == ("KZ", "Asia/Almaty")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"full_name": 12345}, "full_name"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "a\u202eb"}, "full_name"),
        ({"country": "XX"}, "country"),
        ({"language": "klingon"}, "language"),
        ({"time_zone": "Moon/Base"}, "time_zone"),
    ],
)
def test_bad_values_get_a_400_naming_the_field_and_change_nothing(api, learner, payload, field):
    def profile():
        learner.refresh_from_db()
        return {name: str(getattr(learner, name)) for name in PROFILE_FIELDS}

    api.force_authenticate(learner)
    before = profile()
    # A valid value beside the bad one must not be saved either.
    response = api.patch(ME, {"time_zone": "Asia/Almaty", **payload})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert profile() == before


PROFILE_FIELDS = ("full_name", "country", "language", "time_zone")


def test_a_token_from_email_and_password_authenticates(api, learner):
    response = api.post(
        "/api/v1/auth/token/", {"username": "Amina@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=learner).key == token
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(ME).json()["email"] == "amina@example.com"


def test_a_wrong_password_gets_no_token(api, learner):
    response = api.post("/api/v1/auth/token/", {"username": "amina@example.com", "password": "x"})
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_session_authenticated_writes_need_csrf(learner):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(learner)
    assert api.patch(ME, {"full_name": "Changed"}).status_code == 403


def test_the_schema_lists_the_endpoint_and_the_docs_need_no_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


def test_the_token_endpoint_is_throttled(api, learner):
    codes = [
        api.post(
            "/api/v1/auth/token/", {"username": f"n{i}@example.com", "password": "x"}
        ).status_code
        for i in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429


def test_a_token_can_be_revoked(api, learner):
    token = Token.objects.create(user=learner)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert api.get(ME).status_code == 401


def test_revoking_needs_authentication(api):
    assert api.delete("/api/v1/auth/token/").status_code == 401


def test_changing_the_password_ends_api_tokens(client, learner):
    token = Token.objects.create(user=learner)
    client.force_login(learner)
    client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-passphrase!",
            "new_password2": "n3w-passphrase!",
        },
    )
    assert not Token.objects.filter(key=token.key).exists()
