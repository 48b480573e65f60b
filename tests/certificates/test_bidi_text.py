"""Plain text that mixes scripts: the names and titles in emails are isolated, and the certificate
PDF and PNG lay out each line in its own direction (the fixed texts and the date in the
certificate's language, a name or a title in its own)."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image, ImageChops

from certificates import render
from certificates import services as certificates
from core.bidi import isolate
from tests.accounts.test_sign_up import sign_up
from tests.factories import make_course

pytestmark = pytest.mark.django_db

TITLE = "2020 Incoterms: who pays for freight?"  # starts with digits, ends with a neutral


def context(language: str, **overrides) -> dict:
    arabic = language == "ar"
    return {
        "holder_name": "Amina Haddad",
        "course_title": TITLE,
        "issuer": "Crossborder Academy",
        "date": "30 نوفمبر 2026" if arabic else "Nov. 30, 2026",
        "competencies": [f"{isolate('CC.3')} التخليص الجمركي · {isolate('Proficient')}"],
        "verify_url": "https://academy.example/verify/x/",
        "language": language,
        "labels": {
            "title": "شهادة إتمام" if arabic else "Certificate of Completion",
            "certifies": "نشهد بأن" if arabic else "This certifies that",
            "completed": "أتمّ الدورة" if arabic else "has completed the course",
        },
        **overrides,
    }


def test_the_certificate_email_isolates_the_name_and_the_title(
    learner, django_capture_on_commit_callbacks
):
    learner.language = "ar"
    learner.save()
    course = make_course("incoterms-2020", title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        certificates.certificate_issue(user=learner, course=course)
    (message,) = mail.outbox
    assert isolate(TITLE) in message.subject and "شهادتك" in message.subject
    assert isolate(learner.full_name) in message.body
    assert f"“{isolate(TITLE)}”" in message.body  # the quotes stay outside, around the title


def test_the_welcome_email_isolates_the_name(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, full_name="محمد Smith", language="ar")
    assert isolate("محمد Smith") in mail.outbox[0].body


def test_a_flash_message_isolates_the_course_title(client, learner):
    course = make_course("incoterms-2020", title=TITLE)
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.slug]))
    response = client.post(reverse("courses:withdraw", args=[course.slug]), follow=True)
    assert f"“{isolate(TITLE)}”" in response.content.decode()


def text_boxes(document) -> dict[str, object]:
    """Each text box WeasyPrint laid out on the first page, by its text."""
    found = {}

    def walk(box):
        if type(box).__name__ == "TextBox":
            found[box.text.strip()] = box
        for child in getattr(box, "children", None) or []:
            walk(child)

    walk(document.pages[0]._page_box)
    return found


def test_the_arabic_pdf_footer_reads_issuer_then_date_from_the_right():
    boxes = text_boxes(render.pdf_document(context("ar")))
    issuer, date = boxes["Crossborder Academy"], boxes["30 نوفمبر 2026"]
    assert issuer.position_x > date.position_x + date.width  # the issuer first, at the right
    assert date.style["direction"] == "rtl"  # "30 نوفمبر 2026": the day at the right
    # The English title keeps its own direction on an Arabic certificate: "2020" first, "?" last.
    assert boxes[TITLE].style["direction"] == "ltr"
    assert boxes["شهادة إتمام"].style["direction"] == "rtl"


def test_the_english_pdf_footer_reads_issuer_then_date_from_the_left():
    boxes = text_boxes(render.pdf_document(context("en", holder_name="محمد الأحمد")))
    issuer, date = boxes["Crossborder Academy"], boxes["Nov. 30, 2026"]
    assert issuer.position_x + issuer.width < date.position_x
    assert boxes["محمد الأحمد"].style["direction"] == "rtl"  # an Arabic name, right to left


def ink(context_a: dict, context_b: dict) -> tuple[int, int, int, int]:
    """Where two certificate images differ: where the changed text was printed."""
    a = Image.open(io.BytesIO(render.render_png(context_a))).convert("L")
    b = Image.open(io.BytesIO(render.render_png(context_b))).convert("L")
    return ImageChops.difference(a, b).getbbox()


def test_the_arabic_png_prints_the_date_right_to_left_at_the_right():
    year = ink(context("ar"), context("ar", date="30 نوفمبر 2027"))
    day = ink(context("ar"), context("ar", date="31 نوفمبر 2026"))
    assert year[0] > render.WIDTH / 2  # the footer starts at the right …
    assert day[0] > year[2]  # … and the day, written first, is right of the year


def test_the_english_png_prints_the_footer_at_the_left():
    year = ink(context("en"), context("en", date="Nov. 30, 2027"))
    assert year[2] < render.WIDTH / 2


def test_a_competency_line_takes_its_direction_from_the_title_not_the_code():
    line = f"{isolate('CC.3')} التخليص الجمركي · {isolate('Proficient')}"
    code = ink(
        context("en", competencies=[line]),
        context("en", competencies=[line.replace("CC.3", "CC.4")]),
    )
    assert code[0] > render.WIDTH / 2  # the code, first in a right-to-left line, at its right
