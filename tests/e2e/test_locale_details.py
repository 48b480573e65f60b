"""Locale details in a real browser: the browser's time zone preselected at sign-up, countries in
the reader's order, a language chosen before login kept, the switcher on cookie-free pages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_in(page_for):
    def make(*, time_zone="UTC", language="en", viewport="desktop", javascript=True):
        return page_for(
            language=language,
            viewport=viewport,
            timezone_id=time_zone,
            java_script_enabled=javascript,
        )

    return make


def test_sign_up_preselects_the_browsers_time_zone(browser_in):
    page = browser_in(time_zone="Asia/Almaty")
    page.goto("/accounts/signup/")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Almaty")
    page.get_by_label("Email").fill("aigerim@example.com")
    page.get_by_label("Full name").fill("Айгерим Сейтқали")
    page.get_by_label("Password").fill("a-long-passphrase-for-e2e")
    page.get_by_label("Country").select_option("KZ")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert User.objects.get(email="aigerim@example.com").time_zone == "Asia/Almaty"


def test_without_javascript_the_default_stays_and_a_zone_can_be_picked(browser_in):
    page = browser_in(time_zone="Asia/Almaty", javascript=False)
    page.goto("/accounts/signup/")
    expect(page.get_by_label("Time zone")).to_have_value("UTC")
    page.get_by_label("Time zone").select_option("Asia/Almaty")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Almaty")


def test_the_sign_up_country_list_is_in_russian_order(browser_in):
    page = browser_in(language="ru")
    page.goto("/accounts/signup/")
    names = page.locator("select[name=country] option").all_inner_texts()
    assert names.index("Германия") < names.index("Китай") < names.index("Япония")


def test_the_switcher_works_on_a_page_that_sets_no_cookie_and_then_on_the_account(browser_in):
    UserFactory(email="lan@example.com", full_name="Lan Nguyen", language="en")
    page = browser_in(language="en")
    page.goto("/courses/")
    assert [cookie["name"] for cookie in page.context.cookies()] == ["django_language"]
    page.locator("#language-select").select_option("es")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill("lan@example.com")
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.locator("#language-select").select_option("fr")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert User.objects.get(email="lan@example.com").language == "fr"


def test_a_language_chosen_before_login_is_kept(browser_in):
    UserFactory(email="lan@example.com", full_name="Lan Nguyen", language="en")
    page = browser_in(language="en")
    page.goto("/accounts/login/")
    page.locator("#language-select").select_option("vi")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator("main input[name=username]").fill("lan@example.com")
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert User.objects.get(email="lan@example.com").language == "vi"
    assert not mail.outbox


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_sign_up_page_screenshots(browser_in, language, viewport):
    page = browser_in(time_zone="Asia/Almaty", language=language, viewport=viewport)
    page.goto("/accounts/signup/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    screenshot(page, f"locale-sign-up-{language}-{viewport}")
