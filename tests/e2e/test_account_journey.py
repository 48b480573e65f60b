import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-passphrase-for-e2e"


def test_sign_up_confirm_switch_to_arabic_log_out_and_log_in(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("Fatima.Zahra@example.com")
    page.get_by_label("Full name").fill("فاطمة الزهراء")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Country").select_option("MA")
    page.get_by_label("Time zone").select_option("Africa/Casablanca")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    confirmation_path = re.search(
        r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.outbox[-1].body
    )[1]
    page.goto(confirmation_path)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))  # lands on My learning
    page.goto("/accounts/profile/")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.locator("summary")).to_have_text("فاطمة الزهراء")

    page.get_by_label("Language", exact=True).select_option("ar")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert User.objects.get(email="fatima.zahra@example.com").language == "ar"
    screenshot(page, "journey-profile-ar")

    page.locator("summary").click()
    page.get_by_role("button", name="تسجيل الخروج").click()
    expect(page.get_by_role("link", name="تسجيل الدخول").first).to_be_visible()

    page.get_by_role("link", name="تسجيل الدخول").first.click()
    page.get_by_label("البريد الإلكتروني").fill("fatima.zahra@example.com")
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("summary")).to_have_text("فاطمة الزهراء")
