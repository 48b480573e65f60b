"""A stale form token or an ended session on the take page: the learner is told their answers are
kept, in their language, and is led back to the attempt (through the login page if need be)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import services as account_services
from assessments import services
from assessments.models import QuestionKind
from tests.assessments.conftest import make_assessment, make_question
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

KEPT = "Your answers are not lost."


@pytest.fixture
def attempt(learner, course, enrolled):
    quiz = make_assessment(course, [make_question(course, QuestionKind.SHORT_TEXT)])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_save(attempt=attempt, answers={1: "Free on board"})
    return attempt


def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_a_stale_token_on_submit_says_the_answers_are_kept_and_leads_back(learner, attempt):
    client = strict_client()
    client.force_login(learner)
    url = reverse("assessments:attempt", args=[attempt.uuid])
    response = client.post(url, {"q1": "Cost and freight", "action": "submit"})  # no token
    page = response.content.decode()
    assert response.status_code == 403
    assert KEPT in page and "Last saved on the server at" in page
    assert f'href="{url}"' in page and "Back to your attempt" in page
    assert 'class="site-header"' in page  # the site's own page, not Django's bare one
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"  # nothing of the refused request was used
    assert attempt.items.get().response.answer == "Free on board"


def test_after_the_session_ended_the_page_offers_a_login_that_returns_to_the_attempt(attempt):
    client = strict_client()
    url = reverse("assessments:attempt", args=[attempt.uuid])
    response = client.post(url, {"q1": "Cost and freight", "action": "submit"})
    page = response.content.decode()
    assert response.status_code == 403 and KEPT in page
    login = f"{reverse('accounts:login')}?next={url.replace('/', '%2F')}"
    assert f'href="{login}"' in page


def test_the_failure_page_is_in_the_learners_language(learner, attempt):
    account_services.user_set_language(user=learner, language="ar")
    client = strict_client()
    client.force_login(learner)
    response = client.post(reverse("assessments:attempt", args=[attempt.uuid]), {"action": "save"})
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ar" dir="rtl">' in page
    assert "تعلّمي" in page  # "My learning" in the site header
    with translation.override("ar"):
        assert translation.gettext(KEPT) in page


def test_a_stale_token_elsewhere_goes_back_to_the_same_site_page_only(learner):
    client = strict_client()
    client.force_login(learner)
    here = client.post(
        reverse("set_language"),
        {"language": "fr"},
        HTTP_REFERER="http://testserver/courses/?q=incoterms",
    )
    assert here.status_code == 403
    assert 'href="/courses/?q=incoterms"' in here.content.decode()
    assert KEPT not in here.content.decode()
    away = client.post(
        reverse("set_language"), {"language": "fr"}, HTTP_REFERER="https://evil.example/x"
    )
    assert "evil.example" not in away.content.decode()


def test_a_failed_login_form_does_not_loop_back_to_itself():
    response = strict_client().post(
        reverse("accounts:login"),
        {"username": "a@example.com", "password": "x"},
        HTTP_REFERER="http://testserver/accounts/login/",
    )
    assert response.status_code == 403
    assert f'href="{reverse("accounts:login")}"' in response.content.decode()


def test_submitting_after_the_session_ended_returns_to_the_attempt_after_login(
    client, learner, attempt
):
    url = reverse("assessments:attempt", args=[attempt.uuid])
    response = client.post(url, {"q1": "Cost and freight", "action": "submit"})
    login = response["Location"]
    assert login == f"{reverse('accounts:login')}?next={url}"
    back = client.post(login, {"username": learner.email, "password": PASSWORD})
    assert back.status_code == 302 and back["Location"] == url
    page = client.get(url).content.decode()
    assert 'value="Free on board"' in page  # the autosaved answer is there to submit
