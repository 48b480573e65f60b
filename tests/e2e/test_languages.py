"""Every UI language, looked at in a real browser: the main learner pages show no English UI text,
nothing scrolls sideways or is cut off on a phone, and a screenshot of each page in each language
is left in test-artifacts/screenshots/lang-<code>-<page>.png to look at.

Content (demo course titles, names, competency titles are English) is left out by its markup: an
element whose `lang` differs from the page's, `translate="no"`, `<bdi>` or `dir="auto"`.
English UI text is recognized three ways: it contains one of the catalog's English msgids (its
placeholders standing for any text), unless the language's translator kept that msgid as it is
("PDF", a brand name); it has two English stop words that no other offered language uses as
words; or, in a language not written in Latin letters, it has a Latin word that the language's
own translations never use. Data inside a translated sentence ("completed “{{ course }}”") is
allowed: only the translation's own words must not be English.
"""

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from tests.e2e.conftest import VIEWPORTS, screenshot
from tests.e2e.test_page_layout import context_for, curriculum  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e

LOCALE = Path(settings.LOCALE_PATHS[0])
CHECKED = [code for code, _name in settings.LANGUAGES if code != "en"]

# Seen signed out: the pages a visitor meets before an account.
PUBLIC_PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "sign-up": "/accounts/signup/",
    "catalog": "/courses/",
    "course": "/courses/incoterms-basics/",
    "verify": "/verify/{certificate}/",
}
# Seen signed in as the learner, in the same browser context.
LEARNER_PAGES = {
    "home-signed-in": "/",
    "dashboard": "/dashboard/",
    "course-enrolled": "/courses/platform-operations-b2b-b2c/",
    "lesson": "/courses/platform-operations-b2b-b2c/lessons/{lesson}/",
    "competency-map": "/competency-map/",
    "assessment": "/courses/platform-operations-b2b-b2c/assessments/{assessment}/",
    "attempt": "/attempts/{attempt}/",
    "result": "/attempts/{result}/result/",
    "certificates": "/certificates/",
    "profile": "/accounts/profile/",
}

# English words that are not also words of French, Spanish, Portuguese, Indonesian, Turkish or
# Vietnamese ("a", "no", "to", "an", "in", "on", "at", "can", "or" are).
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the and your you with this that these are is was were not from will have has been of for "
        "by which when what there their here into after before please must should than then only "
        "yet it its",
    )
)
# Languages written in another script: a Latin word in their UI text is English unless their own
# translations use it (PDF, LinkedIn) or it is a URL, an e-mail address or a code.
NON_LATIN = {"ar", "ru", "zh-hans"}
DATA_SHAPES = re.compile(r"\S+://\S+|\S+@\S+|\b[A-Z]{2,}[\w.-]*\b|\b\w*\d\w*\b")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{?\s*\w+\s*\}?\}|<[^>]+>")

# Text of every element that holds text of its own, in the page's language: content (inside an
# element whose `lang` differs from the page's, or `translate="no"`) is left out, replaced by "…"
# so words on either side of it are not read as one phrase. Plus the words a user meets in
# attributes (labels for screen readers, tooltips, placeholders, button values) and the title.
COLLECT_TEXTS = """() => {
  const page = document.documentElement.lang.toLowerCase();
  const foreign = (el) => {
    // <bdi> and dir="auto" isolate text whose direction the page cannot know: user content.
    if (el.closest('[translate="no"], bdi, [dir="auto"]')) return true;
    const owner = el.closest("[lang]");
    return owner !== null && owner.getAttribute("lang").toLowerCase() !== page;
  };
  const where = (el) => {
    const parts = [];
    for (let at = el; at && at !== document.body && parts.length < 4; at = at.parentElement) {
      let part = at.tagName.toLowerCase();
      if (at.id) part += "#" + at.id;
      else if (at.classList.length) part += "." + Array.from(at.classList).join(".");
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const skip = "script, style, noscript, template";
  const textOf = (el) => {
    let text = "";
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      if (parent.closest(skip)) continue;
      text += foreign(parent) ? " … " : walker.currentNode.textContent;
    }
    return text.replace(/\\s+/g, " ").trim();
  };
  const found = [[document.title, "title"]];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.matches(skip) || foreign(el)) continue;
    const own = Array.from(el.childNodes).some(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
    );
    if (own) found.push([textOf(el), where(el)]);
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      if (el.getAttribute(name)) found.push([el.getAttribute(name), where(el) + "[" + name + "]"]);
    }
    if (el.matches("input[type=submit], input[type=button]") && el.value) {
      found.push([el.value, where(el) + "[value]"]);
    }
  }
  return found;
}"""

# How each page fits: sideways scrolling of the whole page, and boxes whose text does not fit in
# them (a button, a tab, a table header) where the overflow is cut off rather than scrollable.
MEASURE_FIT = """() => {
  const root = document.documentElement;
  const clipped = [];
  for (const el of document.body.querySelectorAll(
    "button, .button, nav a, th, summary, label, .badge, .tag, input[type=submit]"
  )) {
    const style = getComputedStyle(el);
    // Inline boxes have no width of their own; 1px boxes are text for screen readers only.
    if (style.display === "inline" || el.clientWidth <= 1 || !el.getClientRects().length) {
      continue;
    }
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "auto"
        && style.overflowX !== "scroll") {
      clipped.push(el.tagName.toLowerCase() + "." + Array.from(el.classList).join(".") + ": "
        + (el.innerText || el.value || "").trim().slice(0, 60)
        + " (" + el.scrollWidth + " > " + el.clientWidth + ")");
    }
  }
  return { overflow: root.scrollWidth - root.clientWidth, clipped };
}"""


def words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower())


def catalog_entries(language: str) -> list[tuple[list[str], list[str]]]:
    """(English msgid and plural, their translations) for each entry of the language's catalog."""
    po = LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"
    found = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            else:
                key, _space, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        english = [fields[k] for k in ("msgid", "msgid_plural") if fields.get(k)]
        translated = [v for k, v in fields.items() if k.startswith("msgstr") and v]
        if english:
            found.append((english, translated))
    return found


@cache
def english_phrases(language: str) -> tuple[tuple[frozenset[str], tuple[str, ...], str], ...]:
    """Each English msgid as the word runs between its placeholders (with all their words, for a
    quick first test, and the msgid itself); only those the language translated (a msgid kept as
    it is, like "PDF", is not English UI)."""
    phrases = []
    for english, translated in catalog_entries(language):
        for msgid in english:
            # Kept as it is, or the same words with the language's punctuation ("Points :").
            if msgid in translated or any(words(msgid) == words(text) for text in translated):
                continue
            runs = tuple(" ".join(run) for run in map(words, PLACEHOLDER.split(msgid)) if run)
            if runs:
                phrases.append((frozenset(" ".join(runs).split()), runs, msgid))
    return tuple(phrases)


@cache
def translated_templates(language: str) -> tuple[re.Pattern, ...]:
    """The language's translations that have placeholders, as patterns whose groups are the
    placeholders: the text a group matches is data put into a translated sentence."""
    patterns = []
    for _english, translated in catalog_entries(language):
        for text in translated:
            parts = re.split(r"(%\(\w+\)[sdif]|%[sdif]|\{\w*\})", re.sub(r"<[^>]+>", "", text))
            if len(parts) == 1:
                continue
            pattern = "".join(
                "(.+?)" if index % 2 else r"\s*".join(map(re.escape, part.split()))
                for index, part in enumerate(parts)
            )
            patterns.append(re.compile(pattern.replace("%%", "%"), re.IGNORECASE))
    return tuple(patterns)


@cache
def latin_words_kept(language: str) -> frozenset[str]:
    """Latin-script words the language's own translations use (PDF, LinkedIn, JSON…)."""
    kept = set()
    for _english, translated in catalog_entries(language):
        for text in translated:
            kept |= set(words(PLACEHOLDER.sub(" ", text)))
    return frozenset(kept)


def msgid_in(text: str, language: str) -> str | None:
    spoken = words(text)
    line = " " + " ".join(spoken) + " "
    present = set(spoken)
    for needed, runs, msgid in english_phrases(language):
        if not needed <= present:
            continue
        if len(needed) < 2 and len(runs[0].split()) < 2:
            # A single word: only the whole text, as in a button left untranslated.
            if line.strip() == runs[0] and len(runs[0]) > 3:
                return f"msgid {msgid!r}"
            continue
        start = 0
        for run in runs:
            start = line.find(" " + run + " ", start)
            if start < 0:
                break
            start += len(run) + 1
        else:
            return f"msgid {msgid!r}"
    return None


def looks_english(text: str, language: str, *, in_list: bool) -> str | None:
    stop = [word for word in words(text) if word in STOP_WORDS]
    if len(stop) >= 2:
        return f"English words {stop}"
    # A choice list (countries, time zones, competencies) is data in whatever the library or the
    # framework gives: there only stop words and msgids count.
    if language in NON_LATIN and not in_list:
        latin = [
            word
            for word in re.findall(r"[a-z]{3,}", DATA_SHAPES.sub(" ", text).lower())
            if word not in latin_words_kept(language)
        ]
        if latin:
            return f"Latin-script words {latin}"
    return None


@cache
def english_in(text: str, language: str, *, in_list: bool = False) -> str | None:
    """Why this text reads as English UI, or None."""
    reason = msgid_in(text, language)
    if reason or not (reason := looks_english(text, language, in_list=in_list)):
        return reason
    text = " ".join(text.split())
    for pattern in translated_templates(language):
        if match := pattern.fullmatch(text):
            # A translated sentence around data (a course title in quotes): only the data can
            # be English, and data is English in the demo. It still must not be a msgid.
            return next(filter(None, (msgid_in(fill, language) for fill in match.groups())), None)
    return reason


def visit(page, name: str, path: str, language: str, viewport: str, problems: list[str]) -> None:
    response = page.goto(path)
    assert response.ok, f"{name} ({language}): HTTP {response.status}"
    assert page.locator("html").get_attribute("lang") == language, name
    fit = page.evaluate(MEASURE_FIT)
    if fit["overflow"] > 0:
        problems.append(f"{language} {name}: scrolls sideways by {fit['overflow']}px ({viewport})")
    problems.extend(f"{language} {name}: clipped {box} ({viewport})" for box in fit["clipped"])
    suffix = "" if viewport == "phone" else f"-{VIEWPORTS[viewport]['width']}"
    screenshot(page, f"lang-{language}-{name}{suffix}")
    if language == "en":
        return
    seen: set[str] = set()
    for text, where in page.evaluate(COLLECT_TEXTS):
        if text in seen:
            continue
        seen.add(text)
        # The title is "<data> · <site name>" on content pages: only a msgid there is UI.
        if where == "title":
            reason = msgid_in(text, language)
        else:
            reason = english_in(text, language, in_list=where.endswith("option"))
        if reason:
            problems.append(f"{language} {name}: English at {where}: {text[:120]!r} ({reason})")


def sign_in(page, client, learner, language: str, base_url: str) -> None:
    learner.language = language
    learner.save()
    client.force_login(learner)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])


@pytest.mark.slow  # about 100 s: 16 pages in each of 10 languages, screenshotted
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_main_pages_show_no_english_ui_and_fit_a_phone_in_every_language(
    context_for,  # noqa: F811
    curriculum,  # noqa: F811
    client,
    learner,
    live_server,
):
    problems: list[str] = []
    runs = [(language, "phone") for language in ["en", *CHECKED]] + [("en", "desktop")]
    for language, viewport in runs:
        page = context_for(language, viewport, False)
        for name, path in PUBLIC_PAGES.items():
            visit(page, name, path.format(**curriculum), language, viewport, problems)
        sign_in(page, client, learner, language, live_server.url)
        for name, path in LEARNER_PAGES.items():
            visit(page, name, path.format(**curriculum), language, viewport, problems)
        page.context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "language", "english"),
    [
        ("Log in", "vi", True),  # a msgid, whole
        ("3 of 7 done", "tr", True),  # a msgid with placeholders
        ("Nothing here is translated yet", "fr", True),  # stop words
        ("Save", "ru", True),  # a Latin word in a Cyrillic page
        ("Войти", "ru", False),
        ("Đăng nhập", "vi", False),
        ("PDF", "ru", False),  # kept as it is by the translator
        # data (English in the demo) inside a translated sentence
        ("đã hoàn thành “Foundations of Cross-Border E-commerce and Market Research”", "vi", False),
    ],
)
def test_english_is_told_from_translated_text(text, language, english):
    assert bool(english_in(text, language)) is english
