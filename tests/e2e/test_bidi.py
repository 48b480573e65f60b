"""Mixed scripts in the order a reader expects, measured in the browser: where each piece of text
lands on the screen, not only `dir="rtl"` on <html>.

In a right-to-left line what comes first is at the right: a label written before a number is to
the right of it. A number with its sign ("70%") or a score ("0,00 / 2,00") stays one
left-to-right run. A title in Latin letters inside an Arabic sentence keeps its quotes around
it, and an Arabic title in an English page starts at the right."""

import pytest
from django.utils import translation

from assessments import services as assessment_services
from assessments.models import QuestionKind
from certificates import services as certificates
from courses import services as course_services
from courses.models import Module
from tests.assessments.conftest import make_assessment, make_question
from tests.e2e.conftest import screenshot
from tests.factories import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Starts with a number and ends with a neutral: without isolation, in an Arabic sentence the
# "2020" and the "?" jump to the other end of the title.
ENGLISH_TITLE = "2020 Incoterms: who pays for freight?"
ARABIC_TITLE = "أساسيات الشحن الدولي"
PX = 0.5  # sub-pixel slack between boxes that touch


def boxes(locator, text: str, part: slice = slice(None)) -> list[dict]:
    """The boxes on screen of the first occurrence of `text` in the element's text nodes (or of
    `part` of it): one box when it is drawn as one run, more when the bidi algorithm splits it."""
    start, stop, _step = part.indices(len(text))
    found = locator.evaluate(
        """(root, [text, start, stop]) => {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(text);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at + start);
            range.setEnd(node, at + stop);
            return Array.from(range.getClientRects()).filter(r => r.width > 0)
              .map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}));
          }
          return null;
        }""",
        [text, start, stop],
    )
    assert found, f"{text!r} is not drawn in {locator}"
    return found


def box(locator, text: str, part: slice = slice(None)) -> dict:
    found = boxes(locator, text, part)
    return {"left": min(b["left"] for b in found), "right": max(b["right"] for b in found)}


def one_run(locator, text: str) -> dict:
    """`text` drawn as one unbroken left-to-right run: one box, its first character leftmost."""
    found = boxes(locator, text)
    assert len(found) == 1, f"{text!r} is split into {len(found)} pieces: {found}"
    first, last = box(locator, text, slice(0, 1)), box(locator, text, slice(-1, None))
    assert first["right"] <= last["left"] + PX, f"{text!r} is drawn backwards"
    return found[0]


def right_of(a: dict, b: dict) -> bool:
    return a["left"] >= b["right"] - PX


def arabic(message: str, **values) -> str:
    """The interface text as the Arabic page shows it (English until the string is translated:
    the order tested below holds either way)."""
    with translation.override("ar"):
        text = translation.gettext(message)
    return text % values if values else text


@pytest.fixture
def scene(learner):
    """An English course whose title ends in neutrals, with a 70% quiz (1 + 2 points) that the
    learner took (1 of 3 points) and a certificate for it; a course in Arabic."""
    course = make_course("incoterms-2020", title=ENGLISH_TITLE)
    make_course("shipping-basics-ar", title=ARABIC_TITLE, language="ar")
    module = Module.objects.filter(course=course).order_by("order").first()
    questions = [
        make_question(course, QuestionKind.TRUE_FALSE, title="q1"),
        make_question(course, QuestionKind.TRUE_FALSE, title="q2", points="2"),
    ]
    quiz = make_assessment(course, questions, title="Incoterms check", pass_mark=70, module=module)
    course_services.enrollment_create(learner=learner, course=course)
    attempt = assessment_services.attempt_start(learner=learner, assessment=quiz)
    first = attempt.items.get(question_version__question__title="q1")
    right = next(t["token"] for t in first.choice_tokens if t["key"] == "t")
    attempt = assessment_services.attempt_submit(attempt=attempt, answers={first.position: right})
    certificate, _created = certificates.certificate_issue(user=learner, course=course)
    open_attempt = assessment_services.attempt_start(learner=learner, assessment=quiz)
    return {
        "course": f"/courses/{course.slug}/",
        "catalog": "/courses/",
        "assessment": f"/courses/{course.slug}/assessments/{quiz.uuid}/",
        "attempt": f"/attempts/{open_attempt.uuid}/",
        "result": f"/attempts/{attempt.uuid}/result/",
        "verify": f"/verify/{certificate.public_id}/",
        "certificates": "/certificates/",
        "dashboard": "/dashboard/",
        "missed_position": 3 - first.position,  # the 2-point question, answered wrong
        "first_position": first.position,
    }


@pytest.fixture
def open_as(page_for, learner):
    """A page signed in as the learner, in a language (Arabic unless said), at a viewport."""
    return lambda language="ar", viewport="desktop": page_for(
        learner, language=language, viewport=viewport
    )


def test_in_arabic_the_pass_mark_reads_label_then_70_percent_as_one_run(open_as, scene):
    page = open_as("ar")
    page.goto(scene["course"])  # an English course: its content is left to right
    meta = page.locator(".assessment-list .meta").first
    number = one_run(meta, "70%")
    label = arabic("pass mark %(mark)s", mark="").strip()
    assert right_of(box(meta, label), number)  # "علامة النجاح 70%": the label first, at the right
    assert right_of(box(meta, "Module 1"), box(meta, label))  # the module comes before both
    # The heading above, interface text inside the English content, starts at the right.
    heading = page.locator("#assessments-heading")
    drawn = box(heading, heading.inner_text().strip())
    assert abs(drawn["right"] - heading.bounding_box()["x"] - heading.bounding_box()["width"]) < 2


def test_a_latin_title_in_an_arabic_sentence_keeps_its_quotes_around_it(open_as, scene):
    page = open_as("ar")
    page.goto(scene["verify"])
    lead = page.locator(".verify .lead")
    title = one_run(lead, ENGLISH_TITLE)  # "2020" first, "?" last, left to right
    opening, closing = box(lead, "“"), box(lead, "”")
    assert right_of(opening, title) and right_of(title, closing)  # ”2020 Incoterms … freight?“
    assert right_of(box(lead, arabic("completed “%(course)s”", course="").split("“")[0]), opening)


def test_the_attempt_result_reads_score_points_and_pass_mark_in_order_in_arabic(open_as, scene):
    page = open_as("ar")
    page.goto(scene["result"])
    score = page.locator(".score")
    # Arabic numbers with CLDR's decimal point (config/formats/ar).
    percent = one_run(score, "33.33%")
    assert right_of(percent, box(score, arabic("Not passed")))  # "33.33% · لم تجتز"
    points = page.locator(".score + .meta")
    got, out_of, mark = one_run(points, "1.00"), one_run(points, "3.00"), one_run(points, "70%")
    assert right_of(got, out_of) and right_of(out_of, mark)  # "1.00 من 3.00 …؛ … 70%."
    # Each question's score: its number first, then "0.00 / 2.00" as one left-to-right unit.
    missed = page.locator(".question-title").nth(scene["missed_position"] - 1)
    fraction = one_run(missed, "0.00 / 2.00")
    assert right_of(box(missed, f"{scene['missed_position']}."), fraction)


def test_taking_an_attempt_in_arabic_the_points_label_precedes_the_number(open_as, scene):
    page = open_as("ar")
    page.goto(scene["attempt"])
    legend = page.locator("#q1 legend")
    label = arabic("Points:")
    assert label != "Points:"  # translated: this is the Arabic line the issue saw reversed
    points = box(legend.locator(".unit"), "1")
    assert right_of(box(legend, label), points)  # "النقاط: 1", never "1 :النقاط"
    assert right_of(box(legend.locator(".question-number"), "1."), box(legend, label))


def test_an_arabic_course_title_in_an_english_page_starts_at_the_right(open_as, scene):
    page = open_as("en")
    page.goto(scene["catalog"])
    for title, side in ((ARABIC_TITLE, "right"), (ENGLISH_TITLE, "left")):
        heading = page.locator(".course-card h2", has_text=title)
        frame = heading.bounding_box()
        edge = frame["x"] + (frame["width"] if side == "right" else 0)
        drawn = box(heading, title.split()[0])  # the first word: where the line starts
        assert abs(drawn[side] - edge) < 2, (title, drawn, frame)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_mixed_direction_pages_fit_the_screen(open_as, scene, language, viewport):
    page = open_as(language, viewport)
    for name in (
        "course",
        "catalog",
        "assessment",
        "attempt",
        "result",
        "verify",
        "certificates",
        "dashboard",
    ):
        page.goto(scene[name])
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px ({language}, {viewport})"
        screenshot(page, f"bidi-{name}-{language}-{viewport}")
