"""Taking an assessment and what comes after, in a real browser: the answered counter, the
confirmation before submitting, the countdown's warnings, the sticky bar on a phone, Try again and
the review links, and a session or CSRF failure on submit that loses nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from assessments.models import Attempt, AttemptStatus, QuestionKind
from courses import services as course_services
from courses.models import Lesson
from tests.assessments.conftest import make_assessment, make_question
from tests.e2e.conftest import VIEWPORTS, screenshot
from tests.factories import PASSWORD, competency, level, make_course, make_framework

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_HEIGHT = VIEWPORTS["phone"]["height"]


@pytest.fixture
def quiz(learner):
    """Four questions (three on competencies that lessons teach), 30 minutes, three attempts."""
    framework = make_framework()
    course = make_course("customs-basics", title="Customs basics")
    lessons = list(Lesson.objects.filter(module__course=course).order_by("module__order", "order"))
    codes = ["A1.1", "A1.2", "A2.1"]
    for lesson, code in zip(lessons, codes, strict=False):
        lesson.competency = competency(framework, code)
        lesson.save(update_fields=["competency"])

    def on(code):
        return {"competency": competency(framework, code), "level": level(framework, 1)}

    questions = [
        make_question(course, QuestionKind.SINGLE, title="q1", **on("A1.1")),
        make_question(course, QuestionKind.TRUE_FALSE, title="q2", **on("A1.2")),
        make_question(course, QuestionKind.NUMERIC, points="2", title="q3", **on("A2.1")),
        make_question(course, QuestionKind.SHORT_TEXT, points="2", title="q4"),
    ]
    course_services.enrollment_create(learner=learner, course=course)
    return make_assessment(
        course, questions, title="Customs quiz", max_attempts=3, time_limit_minutes=30
    )


@pytest.fixture
def open_as(page_for, learner):
    """A signed-in page in the learner's language, at a viewport."""
    return lambda language="en", viewport="desktop": page_for(
        learner, language=language, viewport=viewport
    )


def take(page, attempt):
    page.goto(f"/attempts/{attempt.uuid}/")
    page.wait_for_load_state("load")  # attempt.js listens from here on


def failed_attempt(learner, quiz) -> Attempt:
    """One right answer out of four: 16.67%, not passed."""
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    item = attempt.items.get(question_version__question__title="q1")
    right = next(t["token"] for t in item.choice_tokens if t["key"] == "a")
    return services.attempt_submit(attempt=attempt, answers={item.position: right})


def test_a_failed_attempt_offers_try_again_and_review_links(open_as, learner, quiz):
    first = failed_attempt(learner, quiz)
    page = open_as()
    page.goto(f"/attempts/{first.uuid}/result/")
    expect(page.get_by_text("Not passed")).to_be_visible()
    expect(page.get_by_text("2 attempts left")).to_be_visible()
    review = page.locator(".review")
    # Feedback is shown at once here: the competencies of the questions missed, with lessons.
    expect(review.locator(".review-competency")).to_have_count(2)
    expect(review.get_by_role("link", name="Lesson 1.2")).to_be_visible()
    expect(review.get_by_role("link", name="Lesson 2.1")).to_be_visible()
    page.get_by_role("button", name="Try again").click()
    page.wait_for_url("**/attempts/*/")
    second = Attempt.objects.exclude(pk=first.pk).get()
    assert second.number == 2 and page.url.endswith(f"/attempts/{second.uuid}/")
    page.goto(f"/attempts/{first.uuid}/result/")
    expect(page.get_by_role("link", name="Continue your attempt")).to_be_visible()


def test_the_counter_follows_answers_and_submit_asks_first(open_as, learner, quiz):
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    page = open_as()
    take(page, attempt)
    counter = page.locator("#answered-count")
    expect(counter).to_have_text("0 of 4 answered")
    page.get_by_label("Incoterms split costs and risk").check()
    expect(counter).to_have_text("1 of 4 answered")
    page.locator("#q3 input").fill("123.45")
    expect(counter).to_have_text("2 of 4 answered")
    page.locator("#q3 input").fill("")
    expect(counter).to_have_text("1 of 4 answered")
    page.locator("#q3 input").fill("123.45")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Saved at \d"))

    page.get_by_role("button", name="Submit for grading").click()
    dialog = page.locator("#submit-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#unanswered-count")).to_have_text("2")
    expect(dialog.locator("#unanswered-links a")).to_have_text(["2", "4"])
    screenshot(page, "attempt-confirm-en-desktop")
    dialog.get_by_role("button", name="Keep answering").click()
    expect(dialog).to_be_hidden()
    assert Attempt.objects.get().status == AttemptStatus.IN_PROGRESS

    page.get_by_role("button", name="Submit for grading").click()
    dialog.locator("#unanswered-links a", has_text="4").click()  # jump to what is missing
    expect(dialog).to_be_hidden()
    expect(page.locator("#q4 input")).to_be_focused()
    page.locator("#q4 input").fill("Free on board")
    page.get_by_role("button", name="Submit for grading").click()
    expect(dialog.get_by_text("Questions without an answer:")).to_contain_text("1")
    dialog.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/result/")
    assert Attempt.objects.get().status == AttemptStatus.SUBMITTED


def test_the_countdown_warns_once_at_5_and_1_minute_and_never_ticks_aloud(open_as, learner, quiz):
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=63))
    page = open_as()
    take(page, attempt)
    warning = page.locator("#time-warning")
    expect(warning).to_have_text("Less than 5 minutes left.")
    # The ticking clock is in no live region: only the warnings and the save status speak.
    assert page.evaluate(
        "document.getElementById('countdown').closest('[aria-live]:not([aria-live=off])') === null"
    )
    page.evaluate(
        """() => {
          window.announced = [];
          new MutationObserver(() => window.announced.push(
            document.getElementById('time-warning').textContent
          )).observe(document.getElementById('time-warning'),
                     {childList: true, characterData: true, subtree: true});
        }"""
    )
    expect(warning).to_have_text("Less than 1 minute left.", timeout=10_000)
    before = page.locator("#countdown").text_content()
    page.wait_for_timeout(2_500)
    assert page.locator("#countdown").text_content() != before  # it ticks …
    assert page.evaluate("window.announced") == ["Less than 1 minute left."]  # … silently
    expect(page.locator("#clock")).to_have_class(re.compile("is-low"))


def test_when_time_runs_out_on_the_page_the_answers_are_submitted(open_as, learner, quiz):
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page = open_as()
    take(page, attempt)
    page.locator("#q4 input").fill("Free on board")
    page.wait_for_url("**/result/", timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.items.get(position=4).response.answer == "Free on board"


def test_the_tabs_copy_is_put_back_only_when_newer_than_the_servers(open_as, learner, quiz):
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    key = f"attempt-answers:{attempt.uuid}"
    page = open_as()
    take(page, attempt)

    def keep(answer, age_ms):
        page.evaluate(
            "([key, answer, age]) => sessionStorage.setItem(key, JSON.stringify("
            "{answers: {'4': answer}, changedAt: Date.now() - age}))",
            [key, answer, age_ms],
        )

    keep("kept an hour ago", 3_600_000)
    services.attempt_save(attempt=attempt, answers={4: "Free on board"})  # e.g. another device
    take(page, attempt)
    expect(page.locator("#q4 input")).to_have_value("Free on board")
    assert page.evaluate("(key) => sessionStorage.getItem(key)", key) is None

    keep("kept just now", 0)
    take(page, attempt)
    expect(page.locator("#q4 input")).to_have_value("kept just now")
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    assert attempt.items.get(position=4).response.answer == "kept just now"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_sticky_bar_is_small_and_never_covers_the_focused_field(
    open_as, learner, quiz, language
):
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    page = open_as(language, "phone")
    take(page, attempt)
    page.locator("#q4 input").fill("Free on board")  # a save status line, the tallest bar
    expect(page.locator("#autosave-status")).not_to_be_empty()
    bar = page.locator("#attempt-bar")
    height = bar.bounding_box()["height"]
    assert height <= 0.15 * PHONE_HEIGHT, f"the sticky bar is {height}px high"
    screenshot(page, f"attempt-take-{language}-phone")

    # Walk back through the questions with the keyboard from the bottom of the page: each field
    # that gets focus is fully below the stuck bar.
    page.locator("#submit-button").focus()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    seen, checked = set(), 0
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate(
            """() => {
              const el = document.activeElement, bar = document.getElementById('attempt-bar');
              const q = el.closest('fieldset.question');
              return {question: q && q.id, top: el.getBoundingClientRect().top,
                      barTop: bar.getBoundingClientRect().top,
                      barBottom: bar.getBoundingClientRect().bottom};
            }"""
        )
        if focused["question"] is None:
            if seen:
                break
            continue
        seen.add(focused["question"])
        if focused["barTop"] <= 1:  # the bar is stuck at the top of the screen
            assert focused["top"] >= focused["barBottom"], focused
            checked += 1
    assert seen == {"q1", "q2", "q3", "q4"} and checked >= 3


def test_a_csrf_or_session_failure_on_submit_loses_nothing(page, learner, quiz):
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    take(page, attempt)
    page.get_by_label("Incoterms split costs and risk").check()
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")  # on the server

    # The session ends (cookies gone) before the next answer reaches the server.
    page.context.clear_cookies()
    page.locator("#q3 input").fill("123.45")
    expect(page.locator("#autosave-status")).to_contain_text("Not saved")
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("button", name="Submit now").click()
    expect(page.get_by_role("heading", name="Your session changed")).to_be_visible()
    expect(page.get_by_text("Your answers are not lost.")).to_be_visible()
    screenshot(page, "attempt-session-failure-en-desktop")
    assert Attempt.objects.get().status == AttemptStatus.IN_PROGRESS

    page.get_by_role("link", name="Log in and return to the attempt").click()
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/attempts/{attempt.uuid}/")
    # The saved answer from the server, the unsaved one from this tab: both there, then saved.
    expect(page.get_by_label("Incoterms split costs and risk")).to_be_checked()
    expect(page.locator("#q3 input")).to_have_value("123.45")
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    assert attempt.items.get(position=3).response.answer == "123.45"
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.score == 3


def test_submit_after_logging_in_again_in_another_tab_just_works(page, learner, quiz):
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    take(page, attempt)
    page.locator("#q4 input").fill("Free on board")

    # Another tab logs out and in again: a new session and CSRF token in the shared cookie jar.
    # (Requests of the same browser context rather than a second page: opening and closing
    # pages in headless Chromium now and then never returned under load.)
    tab = page.context.request

    def csrf_token() -> str:
        return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")

    tab.post("/accounts/logout/", headers={"X-CSRFToken": csrf_token()})
    tab.get("/accounts/login/")
    answer = tab.post(
        "/accounts/login/",
        form={
            "csrfmiddlewaretoken": csrf_token(),
            "username": learner.email,
            "password": PASSWORD,
        },
        headers={"Referer": page.url},
    )
    assert answer.ok and "/accounts/login/" not in answer.url  # signed in again

    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.items.get(position=4).response.answer == "Free on board"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_screenshots_of_the_take_result_and_failure_pages(
    open_as, learner, quiz, language, viewport
):
    def no_sideways_scroll():
        return (
            page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            <= 0
        )

    finished = failed_attempt(learner, quiz)
    page = open_as(language, viewport)
    page.goto(f"/attempts/{finished.uuid}/result/")
    expect(page.locator("#next-step form button")).to_be_visible()  # Try again
    assert no_sideways_scroll()
    screenshot(page, f"attempt-result-{language}-{viewport}")

    attempt = services.attempt_start(learner=learner, assessment=quiz)
    take(page, attempt)
    page.locator("#q3 input").fill("12")
    expect(page.locator("#autosave-status")).not_to_be_empty()
    assert no_sideways_scroll()
    screenshot(page, f"attempt-take-{language}-{viewport}")

    page.locator("#submit-button").click()
    expect(page.locator("#submit-dialog")).to_be_visible()
    screenshot(page, f"attempt-confirm-{language}-{viewport}")
    page.locator("#keep-answering").click()

    page.evaluate("document.querySelector('input[name=csrfmiddlewaretoken]').value = 'stale'")
    page.context.clear_cookies(name="csrftoken")
    page.locator("#submit-button").click()
    page.locator("#confirm-submit").click()
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language
    assert no_sideways_scroll()
    screenshot(page, f"attempt-session-failure-{language}-{viewport}")
