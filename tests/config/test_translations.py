"""The gate: every language the site offers is complete, with the same placeholders as the
English, no fuzzy entries, and compiled catalogs that match their sources."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

LOCALE = Path(settings.LOCALE_PATHS[0])
OFFERED = [code for code, _name in settings.LANGUAGES if code != "en"]
# %(name)s, %d, %s, %%, {name}: what gettext and str.format fill in at run time.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\w*\}")


def entries(po: Path) -> list[dict]:
    """The catalog's entries (not the header): flags, msgid, msgid_plural, msgstr forms."""
    found = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": {}}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                text = ast.literal_eval(line)
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += text
                else:
                    entry[key[0]] += text
            else:
                word, _space, value = line.partition(" ")
                index = re.fullmatch(r"msgstr\[(\d+)\]", word)
                key = ("msgstr", int(index[1])) if index else (word, None)
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] = ast.literal_eval(value)
                else:
                    entry[word] = ast.literal_eval(value)
        if entry.get("msgid"):
            found.append(entry)
    return found


@pytest.mark.parametrize("language", OFFERED)
def test_every_offered_language_is_complete_and_consistent(language):
    po = LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"{language} is offered but has no catalog"
    catalog = entries(po)
    assert len(catalog) > 500
    fuzzy = [e["msgid"] for e in catalog if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in catalog if not all(e["msgstr"].values())]
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:5]}"
    # The gate is 98%; the catalogs are complete today, so report every gap.
    assert len(empty) <= len(catalog) * 0.02, f"{language}: untranslated {empty[:5]}"
    for entry in catalog:
        source = set(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in filter(None, entry["msgstr"].values()):
            got = set(PLACEHOLDER.findall(text))
            # Never a placeholder the code does not fill (it would crash at run time); a plural
            # form may leave out the number it is chosen by ("your only attempt").
            assert got <= source, (language, entry["msgid"], text)
            missing = source - got
            assert not missing or ("msgid_plural" in entry and len(missing) == 1), (
                language,
                entry["msgid"],
                text,
            )


@pytest.mark.parametrize("language", OFFERED)
def test_the_compiled_catalog_is_the_current_one(language):
    folder = LOCALE / to_locale(language) / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    for entry in entries(folder / "django.po"):
        if "msgid_plural" not in entry and entry["msgstr"][None]:
            if "msgctxt" in entry:
                found = translations.pgettext(entry["msgctxt"], entry["msgid"])
            else:
                found = translations.gettext(entry["msgid"])
            assert found == entry["msgstr"][None], (
                f"{language}: django.mo is older than django.po (make messages)"
            )
