import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import InstructorFactory, UserFactory


@pytest.fixture
def api():
    """An API client, signed in by nobody until the test says so."""
    return APIClient()


@pytest.fixture
def learner(db):
    return UserFactory(email="amina@example.com", full_name="Amina Haddad")


@pytest.fixture
def other_learner(db):
    return UserFactory(email="olga@example.com", full_name="Ольга Смирнова")


@pytest.fixture
def instructor(db):
    return InstructorFactory(email="wei@example.com", full_name="李伟")


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.com", full_name="Site Admin", is_superuser=True)


@pytest.fixture
def options_built(monkeypatch) -> list:
    """The values of the select options built from now on (a CPU guard counts them)."""
    from django import forms

    built = []
    create_option = forms.Select.create_option

    def counted(self, *args, **kwargs):
        built.append(args[1])
        return create_option(self, *args, **kwargs)

    monkeypatch.setattr(forms.Select, "create_option", counted)
    return built


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttles and cool-downs live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request in another language leaves it
    active in the thread (LocaleMiddleware activates, nothing deactivates), and a later test
    that reads a translated message would then depend on which tests ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CELERY_BROKER_URL"):
        return
    skip = pytest.mark.skip(reason="needs CELERY_BROKER_URL and a running broker: make test-worker")
    for item in items:
        if "celery_worker" in item.keywords:
            item.add_marker(skip)


def pytest_collection_finish(session):
    # Under CI a missing broker is a failure, never a skip.
    needs_worker = any("celery_worker" in item.keywords for item in session.items)
    if needs_worker and os.environ.get("CI") == "true" and not os.environ.get("CELERY_BROKER_URL"):
        raise pytest.UsageError("CI runs the celery_worker tests: set CELERY_BROKER_URL.")


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if any("no Chromium" in str(report.longrepr) for report in skipped):
        terminalreporter.write_sep(
            "!", "REAL-BROWSER TESTS SKIPPED: no Chromium (apt-get install chromium)", red=True
        )
