"""The gate for unmarked strings: every text a page shows is marked for translation, or is data.

The pages are rendered in a pseudo-locale: every string that goes through gettext (templates'
{% translate %}/{% blocktranslate %}, Python's gettext/ngettext/pgettext, lazy or not, ours,
Django's and third-party apps') comes back wrapped in ⟦…⟧. The data the test creates is written
in Greek, Cyrillic, Chinese and Arabic. So any run of Latin letters left on a page once the ⟦…⟧
spans are taken out is English that no translation will ever reach: a string someone forgot to
mark. Numbers, punctuation, single-letter codes (A1.1) and email addresses are allowed.

Elements marked `translate="no"` (HTML's own way to say "do not translate this") are skipped.

A second check: every string that went through gettext on these pages is in the catalogs, so a
`_(variable)` that no `makemessages` can extract is caught too (until the next translation pass,
new strings fail here as they fail tests/config/test_translations.py).
"""

import ast
import json
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info, trans_real
from django.utils.translation.trans_real import CONTEXT_SEPARATOR, DjangoTranslation
from django_countries import countries

from accounts import services as account_services
from assessments import services as assessment_services
from assessments.models import QuestionKind
from certificates import render as certificate_render
from certificates import services as certificate_services
from competencies.models import LearnerGoal
from core import collation, widgets
from courses import services as course_services
from courses.models import Lesson
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import course_document, make_framework, make_role, teach

pytestmark = pytest.mark.django_db

OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# Latin letters, with the accented ones (Vietnamese, Turkish…): two in a row are a word.
ENGLISH = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]{2,}")
# Data that is the same in every language: email addresses, links, public ids.
DATA = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # an email address
    r"|https?://\S+"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # a certificate's public id
)
# What a learner reads besides text nodes: tooltips, accessible names, placeholders.
READ_ATTRIBUTES = {"title", "aria-label", "aria-description", "placeholder", "alt"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


class PseudoTranslation(DjangoTranslation):
    """English, with every translated string wrapped in ⟦…⟧; remembers what was asked for."""

    def __init__(self):
        super().__init__("en")
        self.asked: set[str | tuple[str, int]] = set()  # catalog keys

    def gettext(self, message):
        self.asked.add(message)
        # pgettext sends "context\x04message" and takes a result still holding \x04 as "not
        # found": give it the message alone.
        return self.wrap(super().gettext(message).rpartition(CONTEXT_SEPARATOR)[2])

    def ngettext(self, singular, plural, number):
        self.asked.add((singular, 0))
        return self.wrap(
            super().ngettext(singular, plural, number).rpartition(CONTEXT_SEPARATOR)[2]
        )

    @staticmethod
    def wrap(text: str) -> str:
        # An empty translation stays empty: callers test it ("no translation, use another").
        return f"{OPEN}{text}{CLOSE}" if text else text


@pytest.fixture
def pseudo(monkeypatch):
    """Every language the site offers is the pseudo-locale, for every request of the test."""
    translation = PseudoTranslation()
    for code, _name in settings.LANGUAGES:
        monkeypatch.setitem(trans_real._translations, code, translation)
    monkeypatch.setattr(trans_real, "_default", translation)
    # django-countries and core.collation keep translated names per language code: not the real
    # ones an earlier test in this process cached.
    monkeypatch.setattr(countries, "_iter_cache", {}, raising=False)
    collation._all_countries.cache_clear()
    # The same for the selects rendered once per language code (core.widgets).
    monkeypatch.setattr(widgets, "_rendered", {})
    yield translation
    collation._all_countries.cache_clear()


class VisibleText(HTMLParser):
    """The text a reader meets on a page: text nodes (not scripts or styles), the attributes
    read aloud or shown on hover, button labels, and the values of JSON the page's script shows."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.attributes: list[str] = []
        self.skipping: list[list] = []  # [tag, depth] of the open element being skipped
        self.json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipping:
            if tag == self.skipping[-1][0] and tag not in VOID:
                self.skipping[-1][1] += 1
            return
        if tag in ("script", "style") or attributes.get("translate") == "no":
            if tag not in VOID:
                self.skipping.append([tag, 1])
            self.json = tag == "script" and attributes.get("type") == "application/json"
            return
        self.attributes += [v for k, v in attrs if k in READ_ATTRIBUTES and v]
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.attributes.append(attributes.get("value") or "")
        if tag == "meta" and attributes.get("name") == "description":
            self.attributes.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1][0]:
            self.skipping[-1][1] -= 1
            if not self.skipping[-1][1]:
                self.skipping.pop()
                self.json = False

    def handle_data(self, data):
        if self.json:
            self.attributes += strings_in(json.loads(data))
        elif not self.skipping:
            self.texts.append(data)


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def unmarked(text: str) -> list[str]:
    """The parts of a text that are English outside every ⟦…⟧ span."""
    while True:
        stripped = MARKED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    text = DATA.sub(" ", text)
    # The site's legal name as the issuer of certificates: an operator's setting, not a sentence.
    text = text.replace(settings.CERTIFICATE_ISSUER_NAME, " ")
    return [line.strip() for line in text.splitlines() if ENGLISH.search(line)]


# Not translated on purpose: each language's own name in the switcher (with its own lang=), and
# time zone names, which are identifiers (Europe/Paris) in every language.
AUTONYMS = {get_language_info(code)["name_local"] for code, _ in settings.LANGUAGES}
# A time zone the reader's language names no place for is labelled by its identifier.
ZONES = {name.replace("_", " ") for name in zoneinfo.available_timezones()}
ALLOWED = AUTONYMS | ZONES | {zone.partition("/")[2].replace("/", " / ") for zone in ZONES}
UTC_OFFSET = re.compile(r" · UTC[+-]\d\d:\d\d$")


def english_on(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    # One string for all text nodes: a {% blocktranslate %} holding a link spans several.
    found = unmarked("\n".join(parser.texts))
    for value in parser.attributes:
        found += unmarked(value)
    return [
        text
        for text in dict.fromkeys(found)
        if UTC_OFFSET.sub("", text).strip(" ()·:,.") not in ALLOWED
    ]


# The data: what learners and instructors wrote, in scripts where no English word can hide.
GREEK = "Διεθνείς όροι"


def greek_course(slug: str, instructor, **fields):
    from courses.transfer import course_import

    document = course_document(slug, instructors=(instructor.email,), **fields)
    document.update(
        title=f"{GREEK} {slug[-1]}",
        subtitle="Κόστος και κίνδυνος",
        description="Περί **εμπορίου**.",
    )
    for m, module in enumerate(document["modules"], 1):
        module["title"] = f"Ενότητα {m}"
        for n, lesson in enumerate(module["lessons"], 1):
            lesson.update(title=f"Μάθημα {m}.{n}", body=f"Κείμενο *{m}.{n}*.")
    return course_import(document)


def greek_framework():
    framework = make_framework()
    framework.title, framework.publisher = "Πρότυπο δεξιοτήτων", "Ακαδημία"
    framework.save()
    for level, name in zip(
        framework.levels.all(), ["Όχι ακόμα", "Βάση", "Επάρκεια", "Άριστα"], strict=True
    ):
        level.name = name
        level.save()
    for item in framework.competencies.all():
        item.title, item.description = f"Ικανότητα {item.code}", "Μπορεί να κάνει."
        item.save()
    return framework


GREEK_CHOICES = {
    QuestionKind.SINGLE: [("α", True), ("β", False)],
    QuestionKind.MULTIPLE: [("γ", True), ("δ", True), ("ε", False)],
    QuestionKind.TRUE_FALSE: [("Σωστό", True), ("Λάθος", False)],
}


def greek_question(course, kind, **fields):
    choices = [
        {"key": f"k{i}", "text": text, "correct": correct}
        for i, (text, correct) in enumerate(GREEK_CHOICES.get(kind, []))
    ]
    return make_question(
        course,
        kind,
        title=f"Ερώτηση {kind}",
        prompt="Ποιος πληρώνει;",
        explanation="Επειδή.",
        choices=choices,
        accepted_answers=["Ελεύθερο"] if kind == QuestionKind.SHORT_TEXT else [],
        rubric="Πλήρης απάντηση." if kind == QuestionKind.ESSAY else "",
        **fields,
    )


@pytest.fixture
def world(learner, other_learner, instructor):
    """A learner part-way through a course with an assessment passed, one in progress and one
    waiting for an instructor, a certificate, a goal, and a course she may not enrol in yet."""
    account_services.user_update_profile(user=learner, full_name="أمينة حداد", country="MA")
    framework = greek_framework()
    course = greek_course("course-1", instructor)
    greek_course("course-0", instructor)
    blocked = greek_course(
        "course-2", instructor, prerequisites=["course-0"], prerequisites_enforced=True
    )
    teach(course, framework, "A1.1", 2)
    teach(blocked, framework, "A1.2", 1)
    role = make_role(framework, "role-1", {"A1.1": 2, "A1.2": 1})
    role.name = "Υπεύθυνος εξαγωγών"
    role.save()
    LearnerGoal.objects.create(user=learner, role=role)
    for person in (learner, other_learner):
        course_services.enrollment_create(learner=person, course=course)
    course_services.lesson_complete(
        learner=learner, lesson=Lesson.objects.filter(module__course=course).first()
    )
    kinds = [k for k in QuestionKind.values if k != QuestionKind.ESSAY]
    passed = make_assessment(
        course,
        [greek_question(course, kind) for kind in kinds],
        title="Κουίζ",
        max_attempts=1,
        required_for_certificate=True,
    )
    attempt = assessment_services.attempt_start(learner=learner, assessment=passed)
    answers = right_answers(attempt)
    del answers[1]  # left unanswered: the result shows that state too
    result = assessment_services.attempt_submit(attempt=attempt, answers=answers)
    essay = make_assessment(
        course,
        [greek_question(course, QuestionKind.ESSAY)],
        title="Έκθεση",
        time_limit_minutes=30,
    )
    waiting = assessment_services.attempt_start(learner=learner, assessment=essay)
    waiting = assessment_services.attempt_submit(attempt=waiting, answers={1: "Κείμενο."})
    exam = make_assessment(
        course,
        [greek_question(course, kind) for kind in QuestionKind.values],
        title="Εξέταση",
        time_limit_minutes=30,
    )
    taking = assessment_services.attempt_start(learner=learner, assessment=exam)
    certificate, _created = certificate_services.certificate_issue(user=learner, course=course)
    draft = greek_course("course-3", instructor, status="draft")
    return {
        "draft": draft,
        "framework": framework,
        "course": course,
        "blocked": blocked,
        "role": role,
        "lesson": Lesson.objects.filter(module__course=course).last(),
        "passed": passed,
        "result": result,
        "waiting": waiting,
        "taking": taking,
        "certificate": certificate,
    }


def learner_pages(world) -> list[str]:
    course, framework = world["course"], world["framework"]
    return [
        reverse("home"),
        reverse("courses:catalog"),
        reverse("courses:catalog") + "?q=nothing-matches",
        reverse("courses:detail", args=[course.slug]),
        reverse("courses:detail", args=[world["blocked"].slug]),
        reverse("courses:lesson", args=[course.slug, world["lesson"].pk]),
        reverse("courses:dashboard"),
        reverse("courses:frameworks"),
        reverse("courses:framework", args=[framework.uuid]),
        reverse("courses:competency", args=[framework.competencies.get(code="A1.1").uuid]),
        reverse("courses:role", args=[world["role"].slug]),
        reverse("assessments:map"),
        reverse("assessments:detail", args=[course.slug, world["passed"].uuid]),
        reverse("assessments:attempt", args=[world["taking"].uuid]),
        reverse("assessments:result", args=[world["result"].uuid]),
        reverse("assessments:result", args=[world["waiting"].uuid]),
        reverse("certificates"),
        reverse("verify", args=[world["certificate"].public_id]),
        reverse("accounts:profile"),
        reverse("accounts:password_change"),
    ]


def instructor_pages(world) -> list[str]:
    slug = world["course"].slug
    return [
        reverse("assessments:coverage", args=[slug]),
        reverse("assessments:learners", args=[slug]),
        reverse("courses:detail", args=[world["draft"].slug]),  # the preview, with its banner
    ]


def anonymous_pages(world) -> list[str]:
    course = world["course"]
    first = Lesson.objects.filter(module__course=course).first()  # a free preview
    return [
        reverse("home"),
        reverse("courses:detail", args=[course.slug]),
        reverse("courses:lesson", args=[course.slug, first.pk]),
        reverse("verify", args=[world["certificate"].public_id]),
        reverse("accounts:login"),
        reverse("accounts:sign_up"),
        reverse("accounts:sign_up_done"),
        reverse("accounts:confirm_email", args=["MQ", "expired-token"]),
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_done"),
        reverse("accounts:password_reset_complete"),
    ]


def english_on_pages(client: Client, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url  # 400: an expired link's page
        found[url] = english_on(response.content.decode())
    return {url: texts for url, texts in found.items() if texts}


def test_the_pages_show_no_english_that_is_not_marked_for_translation(
    client, world, pseudo, learner, instructor
):
    client.force_login(learner)
    found = english_on_pages(client, learner_pages(world))
    client.force_login(instructor)
    found |= english_on_pages(client, instructor_pages(world))
    client.logout()
    found |= english_on_pages(client, anonymous_pages(world))
    assert not found, "Unmarked English (wrap it in gettext or {% translate %}):\n" + "\n".join(
        f"{url}: {texts}" for url, texts in found.items()
    )


def failing_posts(world) -> list[tuple[str, dict]]:
    """Forms sent wrong: their errors, and the messages the next page shows."""
    course = world["course"]
    return [
        (reverse("accounts:profile"), {"full_name": "", "time_zone": "Mars/Base"}),
        (
            reverse("accounts:password_change"),
            {"old_password": "nope", "new_password1": "1", "new_password2": "2"},
        ),
        (reverse("courses:enroll", args=[world["blocked"].slug]), {}),
        (reverse("courses:goal"), {"role": "no-such-role"}),
        (
            reverse("assessments:attempt", args=[world["taking"].uuid]),
            {"action": "save", **{f"q{n}": "" for n in range(1, 7)}, "q4": "πολλά"},
        ),
        (reverse("assessments:start", args=[course.slug, world["passed"].uuid]), {}),
        (reverse("courses:withdraw", args=[course.slug]), {}),
        (reverse("courses:enroll", args=[course.slug]), {}),
    ]


ANONYMOUS_POSTS = [
    ("accounts:login", {"username": "nobody@example.com", "password": "wrong"}),
    ("accounts:login", {"username": "not an email", "password": ""}),
    (
        "accounts:sign_up",
        {"email": "bad", "full_name": "\u200b", "password": "123", "language": "xx"},
    ),
    ("accounts:sign_up", {"email": "new@example.com", "full_name": "Νέα", "password": "password"}),
    (
        "accounts:sign_up",
        {"email": "newlearner@example.com", "full_name": "Νέα", "password": "newlearner1"},
    ),
    ("accounts:password_reset", {"email": "not an email"}),
]


def english_after_posts(client, posts) -> dict[str, list[str]]:
    found = {}
    for url, data in posts:
        response = client.post(url, data, follow=True)
        assert response.status_code in (200, 400), url  # 400: the form again, with its errors
        texts = english_on(response.content.decode())
        if texts:
            found[f"POST {url} {sorted(data)}"] = texts
    return found


def test_form_errors_and_messages_are_marked_for_translation(client, world, pseudo, learner):
    client.force_login(learner)
    found = english_after_posts(client, failing_posts(world))
    client.logout()
    found |= english_after_posts(client, [(reverse(name), data) for name, data in ANONYMOUS_POSTS])
    assert not found, "Unmarked English (wrap it in gettext or {% translate %}):\n" + "\n".join(
        f"{post}: {texts}" for post, texts in found.items()
    )


def test_the_gate_finds_english_outside_the_markers():
    page = (
        "<title>⟦Home⟧</title><p>⟦Lesson %s of 9⟧ 3</p><p>Ενότητα 1 A1.1 — 70%</p>"
        '<a title="Open">⟦x⟧</a><p translate="no">Amina</p><script>var a = "b";</script>'
        "<p>⟦Read <a>the guide</a>⟧ now</p><input type=submit value=Send>"
    )
    assert english_on(page) == ["now", "Open", "Send"]


def test_every_string_the_pages_translate_is_in_the_catalogs(
    client, world, pseudo, learner, instructor
):
    # django-countries asks for a country's older names when a catalog lacks its newest one.
    with translation.override("en"):
        list(countries)
    fallbacks = set(pseudo.asked)
    countries._iter_cache.clear()
    client.force_login(learner)
    for url in learner_pages(world):
        client.get(url)
    for url, data in failing_posts(world):
        client.post(url, data, follow=True)
    client.force_login(instructor)
    for url in instructor_pages(world):
        client.get(url)
    client.logout()
    for url in anonymous_pages(world):
        client.get(url)
    for name, data in ANONYMOUS_POSTS:
        client.post(reverse(name), data, follow=True)
    asked = {m for m in pseudo.asked - fallbacks if OPEN not in str(m)}
    # A text translated twice ({% get_available_languages %} does) is a no-op in a real catalog,
    # hence no ⟦ in what is looked for.
    missing = [
        f"{code}: {message}"
        for code, _name in settings.LANGUAGES
        if code != "en"
        for message in sorted(asked - set(DjangoTranslation(code)._catalog.keys()), key=str)
    ]
    assert not missing, (
        "Marked, but in no catalog: gettext of a variable, a keyword makemessages does not know, "
        "or a string still to extract and translate (make messages):\n" + "\n".join(missing)
    )


def test_emails_and_certificate_texts_are_marked_for_translation(
    client, world, pseudo, learner, monkeypatch, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    sign_up = {"full_name": "Νάντια", "password": "ασφαλής-κωδικός-2024", "time_zone": "UTC"}
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("nadia@example.com", learner.email):  # new, and already registered
            client.post(reverse("accounts:sign_up"), {**sign_up, "email": email, "language": "en"})
        client.post(reverse("accounts:password_reset"), {"email": learner.email})
        certificate_services.certificate_email(certificate_id=world["certificate"].pk)
    assert len(mail.outbox) == 4
    found = {
        message.subject: unmarked(f"{message.subject}\n{message.body}") for message in mail.outbox
    }
    # The certificate's PNG and PDF: what they print, without drawing them.
    printed = {}

    def png(context):
        printed["png"] = [context["date"], *context["labels"].values()]
        return b"png"

    def pdf(context):
        printed["pdf"] = render_to_string(
            "certificates/certificate_pdf.html", {**context, "fonts": {}, "direction": "ltr"}
        )
        return b"pdf"

    monkeypatch.setattr(certificate_render, "render_png", png)
    monkeypatch.setattr(certificate_render, "render_pdf", pdf)
    assert certificate_services.certificate_render(certificate_id=world["certificate"].pk)
    found["certificate PNG"] = [text for text in printed["png"] if unmarked(text)]
    found["certificate PDF"] = english_on(printed["pdf"])
    found = {where: texts for where, texts in found.items() if texts}
    assert not found, "Unmarked English (wrap it in gettext or {% translate %}):\n" + "\n".join(
        f"{where}: {texts}" for where, texts in found.items()
    )


EXTRACTED = {"gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
EXTRACTED |= {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def test_translation_functions_keep_the_names_makemessages_extracts():
    """A string passed to `_lazy(…)` (gettext_lazy renamed) is translated at run time, so the
    pages above look fine, but makemessages never extracts it: it stays English everywhere."""
    base = Path(settings.BASE_DIR)
    renamed = []
    for app in settings.INSTALLED_APPS:
        if not (base / app).is_dir():
            continue  # Django's and third-party apps
        for path in (base / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    renamed += [
                        f"{path.relative_to(base)}:{node.lineno}: {alias.name} as {alias.asname}"
                        for alias in node.names
                        if alias.name in EXTRACTED and alias.asname not in (None, "_")
                    ]
    assert not renamed, renamed
