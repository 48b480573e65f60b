import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def log_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def test_it_logs_in_with_the_email_in_any_case_and_rotates_the_session(client, learner):
    client.get(LOGIN)
    anonymous_key = client.session.session_key or client.cookies["sessionid"].value
    response = log_in(client, "  Amina@EXAMPLE.com ".strip())
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:dashboard")
    assert client.session["_auth_user_id"] == str(learner.pk)
    assert client.session.session_key != anonymous_key


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, learner):
    wrong_password = log_in(client, "amina@example.com", "nope")
    unknown_email = log_in(client, "nobody@example.com", "nope")
    assert wrong_password.status_code == unknown_email.status_code == 200
    message = b"do not match an active account"
    assert message in wrong_password.content and message in unknown_email.content


def test_a_blocked_account_cannot_log_in(client, learner):
    learner.is_active = False
    learner.save()
    assert b"do not match an active account" in log_in(client, "amina@example.com").content
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_five_failures_whatever_the_case_of_the_email(client, learner):
    for attempt in range(4):
        email = "amina@example.com" if attempt % 2 else "AMINA@example.com"
        assert log_in(client, email, "wrong").status_code == 200
    assert log_in(client, "Amina@example.com", "wrong").status_code == 429
    locked = log_in(client, "amina@example.com")  # the right password no longer helps
    assert locked.status_code == 429
    assert b"Too many failed attempts" in locked.content
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_out_other_accounts(client, learner, other_learner):
    for _ in range(5):
        log_in(client, "amina@example.com", "wrong")
    assert log_in(client, "olga@example.com").status_code == 302


def test_logout_needs_a_post_and_ends_the_session(client, learner):
    client.force_login(learner)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session


def test_a_logged_in_learner_visiting_login_goes_to_my_learning(client, learner):
    client.force_login(learner)
    assert client.get(LOGIN)["Location"] == reverse("courses:dashboard")


def test_a_learner_lands_where_a_next_on_this_site_asked(client, learner):
    course_page = "/courses/incoterms-basics/?tab=outline"
    response = client.post(
        f"{LOGIN}?next=/courses/incoterms-basics/%3Ftab%3Doutline",
        {"username": learner.email, "password": PASSWORD},
    )
    assert response["Location"] == course_page


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/", "//evil.example/dashboard/", "http://testserver.evil.example/"],
)
def test_a_next_to_another_host_is_ignored_and_the_learner_lands_on_my_learning(
    client, learner, unsafe
):
    response = client.post(LOGIN, {"username": learner.email, "password": PASSWORD, "next": unsafe})
    assert response["Location"] == reverse("courses:dashboard")


def test_behind_a_proxy_the_lockout_counts_the_address_the_proxy_saw(client, learner, settings):
    settings.BEHIND_PROXY = True
    # An attacker behind 203.0.113.9 fails five times, forging X-Forwarded-For on the way.
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        client.post(
            LOGIN,
            {"username": "amina@example.com", "password": "wrong"},
            headers={"x-forwarded-for": f"{forged}, 203.0.113.9"},
        )
    attacker_again = client.post(
        LOGIN,
        {"username": "amina@example.com", "password": PASSWORD},
        headers={"x-forwarded-for": "6.6.6.6, 203.0.113.9"},
    )
    assert attacker_again.status_code == 429
    # Amina, arriving through the proxy from her own address, is not locked out by them.
    response = client.post(
        LOGIN,
        {"username": "amina@example.com", "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.7"},
    )
    assert response.status_code == 302
