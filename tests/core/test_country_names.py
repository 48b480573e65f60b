import io

from django.core.management import call_command
from django.utils import translation

from core.collation import country_choices
from core.management.commands.country_names import missing_languages


def test_every_offered_language_names_countries_in_its_own_words():
    assert missing_languages() == ["id"]  # django-countries lacks it: CLDR's names are in
    with translation.override("id"):
        names = dict(country_choices())
    assert (names["DE"], names["EG"], names["JP"]) == ("Jerman", "Mesir", "Jepang")


def test_the_cldr_catalogs_are_current(tmp_path, settings, monkeypatch):
    from core.management.commands import country_names

    monkeypatch.setattr(country_names, "OUT", tmp_path)
    monkeypatch.setattr(country_names, "call_command", lambda *args, **kwargs: None)
    call_command("country_names", stdout=io.StringIO())
    committed = settings.BASE_DIR / "locale_cldr" / "id" / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "id" / "LC_MESSAGES" / "django.po"
    assert fresh.read_text() == committed.read_text()
