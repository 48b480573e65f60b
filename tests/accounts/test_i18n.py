import pytest
from django.urls import reverse

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
