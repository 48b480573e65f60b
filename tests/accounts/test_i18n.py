import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_arabic_pages_are_right_to_left(client):
    client.cookies["django_language"] = "ar"
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert "أكاديمية" in content


def test_english_pages_are_left_to_right(client):
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="en" dir="ltr">' in content


def test_the_switcher_remembers_an_anonymous_visitors_choice(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "zh-hans"
    assert '<html lang="zh-hans"' in client.get("/").content.decode()


def test_the_switcher_stores_a_learners_choice_on_the_account(client, learner):
    client.force_login(learner)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    learner.refresh_from_db()
    assert learner.language == "ar"


def test_the_switcher_ignores_unknown_languages(client, learner):
    client.force_login(learner)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    learner.refresh_from_db()
    assert learner.language == "en"


def test_a_learners_language_wins_over_the_browsers(client, learner):
    learner.language = "zh-hans"
    learner.save()
    client.force_login(learner)
    response = client.get(reverse("accounts:profile"), headers={"accept-language": "fr"})
    assert response["Content-Language"] == "zh-hans"
    assert "个人资料" in response.content.decode()  # "profile"


def test_the_switcher_does_not_redirect_off_site(client):
    response = client.post(
        reverse("set_language"), {"language": "ar", "next": "https://evil.test/"}
    )
    assert response["Location"] == "/"


def log_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def test_a_language_chosen_before_login_is_kept_and_saved_to_the_account(client, learner):
    learner.language = "zh-hans"
    learner.save()
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert log_in(client, learner).status_code == 302
    learner.refresh_from_db()
    assert learner.language == "ru"
    response = client.get(reverse("accounts:profile"))
    assert response["Content-Language"] == "ru"
    # Once saved, the next login (no new choice) keeps it.
    client.post(reverse("accounts:logout"))
    log_in(client, learner)
    learner.refresh_from_db()
    assert learner.language == "ru"


def test_a_language_cookie_left_from_an_earlier_visit_does_not_override_the_account(
    client, learner
):
    client.force_login(learner)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    client.post(reverse("accounts:logout"))
    learner.language = "fr"  # changed since, e.g. on another device
    learner.save()
    log_in(client, learner)
    learner.refresh_from_db()
    assert learner.language == "fr"
    assert client.get(reverse("accounts:profile"))["Content-Language"] == "fr"


def test_the_sign_up_forms_language_wins_over_an_earlier_switcher_choice(
    client, django_capture_on_commit_callbacks
):
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:sign_up"),
            {
                "email": "mei@example.com",
                "full_name": "Mei",
                "password": PASSWORD,
                "language": "zh-hans",
                "time_zone": "Asia/Shanghai",
            },
        )
    path = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.outbox[0].body).group(1)
    client.post(path, {"password": PASSWORD})
    assert User.objects.get(email="mei@example.com").language == "zh-hans"
