"""With a shared cache, a signed-in request reads its session and account from the cache, and
every change to the account shows at once."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.SHARED_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_signed_in_page_needs_no_query_once_the_cache_is_warm(learner, django_assert_num_queries):
    client = signed_in(learner)
    client.get("/")
    with django_assert_num_queries(0):
        page = client.get("/")
    assert "Amina Haddad" in page.content.decode()
    assert page["Cache-Control"] == "private"  # no shared cache keeps it


def test_a_new_name_shows_on_the_next_page(learner):
    client = signed_in(learner)
    client.get("/")
    learner.full_name = "Amina Haddad-Smith"
    learner.save(update_fields=["full_name"])
    assert "Amina Haddad-Smith" in client.get("/").content.decode()


def test_a_language_chosen_with_the_switcher_shows_on_the_next_page(learner):
    client = signed_in(learner)
    client.get("/")
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert client.get("/")["Content-Language"] == "fr"


def test_a_password_change_ends_the_other_sessions(learner):
    learner.set_password("old-password-123")
    learner.save()
    here, elsewhere = signed_in(learner), signed_in(learner)
    elsewhere.get("/")  # its account is cached now
    here.post(
        reverse("accounts:password_change"),
        {
            "old_password": "old-password-123",
            "new_password1": "a-new-long-password-9",
            "new_password2": "a-new-long-password-9",
        },
    )
    assert here.get(reverse("accounts:profile")).status_code == 200
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302  # to the login page


def test_a_blocked_account_is_signed_out_at_once(learner):
    client = signed_in(learner)
    client.get("/")
    learner.is_active = False
    learner.save()
    assert client.get(reverse("accounts:profile")).status_code == 302
