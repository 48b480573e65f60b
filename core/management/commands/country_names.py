"""Write catalogs of country names from CLDR (through ICU) for the site's languages that
django-countries has no translation for (Indonesian today), into `locale_cldr/` — a second
`LOCALE_PATHS` entry that `makemessages` never rewrites. Run again after adding a language."""

import gettext
from pathlib import Path

import django_countries
import icu
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import to_locale
from django_countries.data import COUNTRIES

OUT = Path(settings.BASE_DIR) / "locale_cldr"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def missing_languages() -> list[str]:
    """Site languages that django-countries ships no catalog for."""
    shipped = Path(django_countries.__file__).parent / "locale"
    return [
        code
        for code, _name in settings.LANGUAGES
        if code != "en" and not gettext.find("django", shipped, [to_locale(code)])
    ]


class Command(BaseCommand):
    help = "Write country-name catalogs from CLDR for languages django-countries lacks."

    def handle(self, *args, **options):
        for code in missing_languages():
            reader = icu.Locale.forLanguageTag(code)
            lines = [
                'msgid ""',
                'msgstr ""',
                '"Content-Type: text/plain; charset=UTF-8\\n"',
                f'"Language: {to_locale(code)}\\n"',
                "",
            ]
            for country_code, english in COUNTRIES.items():
                name = icu.Locale("und", country_code).getDisplayCountry(reader)
                if name and name != country_code:
                    lines += [f"msgid {_quote(str(english))}", f"msgstr {_quote(name)}", ""]
            folder = OUT / to_locale(code) / "LC_MESSAGES"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "django.po").write_text("\n".join(lines), encoding="utf-8")
            self.stdout.write(f"{code}: {len(lines) // 3} country names")
        call_command("compilemessages", locale=[], ignore_patterns=[".venv"], verbosity=0)
