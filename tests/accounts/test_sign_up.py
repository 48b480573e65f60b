import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "email": "Mei.Chen@Example.com",
    "full_name": "  陈   美  ",
    "password": PASSWORD,
    "country": "CN",
    "language": "zh-hans",
    "time_zone": "Asia/Shanghai",
}


def sign_up(client, **overrides):
    return client.post(reverse("accounts:sign_up"), {**SIGN_UP, **overrides})


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", message.body).group(1)


def test_it_registers_an_unconfirmed_account_and_emails_a_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_up_done")
    user = User.objects.get()
    assert user.email == "mei.chen@example.com"
    assert user.full_name == "陈 美"
    assert user.country.code == "CN"
    assert (user.language, user.time_zone) == ("zh-hans", "Asia/Shanghai")
    assert not user.is_active and user.email_verified_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mei.chen@example.com"]
    # Written in the learner's chosen language.
    assert "欢迎" in mail.outbox[0].subject
    assert "/accounts/confirm/" in mail.outbox[0].body


def test_it_answers_the_same_for_a_registered_email_and_tells_its_owner(
    client, learner, django_capture_on_commit_callbacks
):
    fresh = sign_up(client, email="new@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        taken = sign_up(client, email="AMINA@example.com")

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    done = client.get(taken["Location"])
    assert b"amina@example.com" in done.content
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD) and learner.full_name == "Amina Haddad"
    assert [m.subject for m in mail.outbox if m.to == ["amina@example.com"]] == [
        "Someone tried to sign up with your email"
    ]


def test_signing_up_again_before_confirming_replaces_the_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, language="en")
    cache.clear()  # the five-minute cool-down has passed
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, language="en", password="another-long-password-9")
    first, second = mail.outbox
    assert client.get(confirmation_path(first)).status_code == 400
    response = client.post(confirmation_path(second), {"password": "another-long-password-9"})
    assert response.status_code == 302
    assert User.objects.get().is_active


def test_confirming_needs_the_sign_up_password_then_logs_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, language="en")
    path = confirmation_path(mail.outbox[0])

    wrong = client.post(path, {"password": "not-the-password"})
    assert wrong.status_code == 200
    assert b"not the password chosen at sign-up" in wrong.content
    assert not User.objects.get().is_active

    response = client.post(path, {"password": PASSWORD})
    assert response["Location"] == reverse("courses:dashboard")  # My learning
    user = User.objects.get()
    assert user.is_active and user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    # The link is single-use.
    client.logout()
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/courses/incoterms-basics/", "/courses/incoterms-basics/"),
        ("https://evil.example/courses/", "/dashboard/"),
        ("//evil.example/", "/dashboard/"),
    ],
)
def test_confirming_follows_a_next_on_this_site_only(
    client, django_capture_on_commit_callbacks, next_url, lands_on
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, language="en")
    path = confirmation_path(mail.outbox[0])
    # The confirmation form posts back to its own address, `next` included.
    assert client.get(path, {"next": next_url}).status_code == 200
    response = client.post(f"{path}?{urlencode({'next': next_url})}", {"password": PASSWORD})
    assert response["Location"] == lands_on
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.parametrize("path", ["/accounts/confirm/xx/yy/", "/accounts/confirm/MQ/bad-token/"])
def test_a_broken_confirmation_link_gets_a_clear_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b"This link does not work" in response.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", b"Enter a valid email address."),
        ("full_name", "   ", b"This field is required."),
        ("full_name", "Eve\u202eevil", b"cannot be printed"),
        ("full_name", "x" * 121, b"at most 120 characters"),
        ("full_name", "12345", b"at least one letter"),
        ("password", "short", b"too short"),
        ("password", "amina.haddad.example", b"too similar"),
        ("time_zone", "Mars/Olympus", b"not one of the available choices"),
        ("country", "XX", b"not one of the available choices"),
        ("language", "de", b"not one of the available choices"),
    ],
)
def test_every_bad_field_gets_a_clear_error_and_nothing_is_saved(client, field, value, message):
    data = {**SIGN_UP, "language": "en", "email": "amina.haddad@example.com", field: value}
    response = client.post(reverse("accounts:sign_up"), data)
    assert response.status_code == 200
    assert message in response.content
    assert not User.objects.exists()
    assert mail.outbox == []


def test_names_in_any_script_are_kept_as_written(client):
    for n, name in enumerate(
        ["José Álvarez", "محمد الأحمد", "田中 太郎", "Nguyễn Văn An", "مهدی‌زاده"]
    ):
        sign_up(client, email=f"n{n}@example.com", full_name=name)
        assert User.objects.get(email=f"n{n}@example.com").full_name == name


def test_decomposed_names_are_stored_composed(client):
    sign_up(client, full_name="Jose\u0301")
    assert User.objects.get().full_name == "Jos\u00e9"


def test_repeated_sign_ups_send_one_email_per_five_minutes(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert sign_up(client, language="en").status_code == 302
    assert len(mail.outbox) == 1


def test_an_active_account_without_confirmation_cannot_be_taken_over(
    client, superuser, django_capture_on_commit_callbacks
):
    """An administrator-made account is active; a sign-up for its address changes nothing."""
    staff = User.objects.create_user("staff@example.com", "their-own-pass-42", full_name="Staff")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, email="staff@example.com", password="attacker-pass-1234")
    staff.refresh_from_db()
    assert staff.check_password("their-own-pass-42")
    response = client.post(
        reverse("accounts:login"),
        {"username": "staff@example.com", "password": "attacker-pass-1234"},
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert [m.subject for m in mail.outbox] == ["Someone tried to sign up with your email"]


def test_an_account_that_signed_up_cannot_log_in_before_confirming(client):
    sign_up(client, language="en")
    response = client.post(
        reverse("accounts:login"), {"username": SIGN_UP["email"], "password": PASSWORD}
    )
    assert b"open the link in the email we sent you first" in response.content
    assert "_auth_user_id" not in client.session


def test_an_address_too_long_to_store_is_refused_clearly(client):
    response = sign_up(client, email="a" * 64 + "@" + ("b" * 60 + ".") * 3 + "bbbbb.com")  # 257
    assert response.status_code == 200
    assert "at most 254 characters" in response.context["form"].errors["email"][0]
    assert not User.objects.exists()


def test_the_country_list_follows_the_visitors_alphabet(client):
    client.cookies["django_language"] = "ru"
    form = client.get(reverse("accounts:sign_up")).context["form"]
    codes = [code for code, _name in form.fields["country"].choices]
    assert codes[0] == ""
    # Германия, Китай, Франция, Япония (English would give China, France, Germany, Japan).
    assert [code for code in codes if code in {"CN", "FR", "DE", "JP"}] == ["DE", "CN", "FR", "JP"]


def test_the_time_zone_list_is_grouped_by_area_and_lets_the_browser_preselect(client):
    content = client.get(reverse("accounts:sign_up")).content.decode()
    assert 'data-browser-time-zone="UTC"' in content
    assert '<optgroup label="Asia">' in content
    assert '<option value="Asia/Tokyo">Tokyo · UTC+09:00</option>' in content
    assert (
        '<option value="America/Argentina/Buenos_Aires">Buenos Aires · UTC-03:00</option>'
    ) in content
    assert '<option value="Etc/GMT-5">Etc / GMT-5 · UTC+05:00</option>' in content
    assert "js/time-zone.js" in content


@pytest.mark.parametrize("zone", ["Asia/Almaty", "Asia/Calcutta", "US/Eastern", "Etc/GMT-5"])
def test_any_zone_a_browser_reports_is_accepted(client, zone):
    """Browsers report canonical IANA names and some old aliases (Chrome: Asia/Calcutta)."""
    response = sign_up(client, time_zone=zone)
    assert response.status_code == 302
    assert User.objects.get().time_zone == zone


def test_a_form_sent_back_with_errors_keeps_the_chosen_zone(client):
    response = sign_up(client, time_zone="UTC", password="short")
    assert response.status_code == 200
    content = response.content.decode()
    assert "data-browser-time-zone" not in content  # the script leaves the learner's choice
    assert '<option value="UTC" selected>UTC</option>' in content
