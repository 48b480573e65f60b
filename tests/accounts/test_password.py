import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def request_reset(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:password_reset"), {"email": email})


def test_reset_answers_the_same_for_unknown_addresses_and_sends_nothing(
    client, learner, django_capture_on_commit_callbacks
):
    known = request_reset(client, "AMINA@example.com", django_capture_on_commit_callbacks)
    unknown = request_reset(client, "nobody@example.com", django_capture_on_commit_callbacks)
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["amina@example.com"]]


def test_the_reset_link_sets_a_new_password_once(
    client, learner, django_capture_on_commit_callbacks
):
    request_reset(client, "amina@example.com", django_capture_on_commit_callbacks)
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    set_password = form_page.redirect_chain[-1][0]
    new = "a-brand-new-passphrase-42"
    response = client.post(set_password, {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    learner.refresh_from_db()
    assert learner.check_password(new)
    assert b"expired or has already been used" in client.get(path, follow=True).content


def test_the_reset_email_is_in_the_learners_language(
    client, learner, django_capture_on_commit_callbacks
):
    learner.language = "ar"
    learner.save()
    request_reset(client, "amina@example.com", django_capture_on_commit_callbacks)
    assert "كلمة" in mail.outbox[0].subject  # "password"


def test_change_password_needs_the_old_one(client, learner):
    client.force_login(learner)
    url = reverse("accounts:password_change")
    bad = client.post(
        url,
        {
            "old_password": "x",
            "new_password1": "n3w-passphrase!",
            "new_password2": "n3w-passphrase!",
        },
    )
    assert b"Your old password was entered incorrectly" in bad.content
    good = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-passphrase!",
            "new_password2": "n3w-passphrase!",
        },
    )
    assert good["Location"] == reverse("accounts:profile")
    learner.refresh_from_db()
    assert learner.check_password("n3w-passphrase!")
    # Still logged in: Django updates the session hash on password change.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_change_password_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response["Location"].startswith(reverse("accounts:login"))
