from datetime import UTC, datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def test_profile_needs_a_login(client):
    assert client.get(PROFILE)["Location"] == f"{reverse('accounts:login')}?next={PROFILE}"


def test_it_updates_the_profile(client, learner):
    client.force_login(learner)
    response = client.post(
        PROFILE,
        {"full_name": "أمينة حداد", "country": "AE", "language": "ar", "time_zone": "Asia/Dubai"},
    )
    assert response["Location"] == PROFILE
    learner.refresh_from_db()
    assert (learner.full_name, learner.country.code) == ("أمينة حداد", "AE")
    assert (learner.language, learner.time_zone) == ("ar", "Asia/Dubai")


def test_a_bad_profile_keeps_what_was_saved(client, learner):
    client.force_login(learner)
    response = client.post(
        PROFILE, {"full_name": "", "country": "ZZ", "language": "en", "time_zone": "Nowhere/City"}
    )
    assert response.status_code == 200
    assert response.content.count(b'class="errorlist') == 3
    learner.refresh_from_db()
    assert (learner.full_name, learner.time_zone) == ("Amina Haddad", "UTC")


def test_dates_are_shown_in_the_learners_time_zone(client, learner):
    learner.date_joined = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
    learner.time_zone = "Asia/Tokyo"  # UTC+9: already 2 March there
    learner.save()
    client.force_login(learner)
    content = client.get(PROFILE).content.decode()
    assert "March 2, 2026, 5:30 a.m." in content
    assert "Asia/Tokyo" in content
