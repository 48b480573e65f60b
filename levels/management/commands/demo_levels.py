"""The demo's level ladders (levels/demo/*.json), run by `make demo` after the demo curriculum and
assessments: three levels for each role of the demo talent standard, a level exam for the B2B
role's Foundation level, and the demo learner's standing on them, all made through the services.

Idempotent: what exists is left as it is, so a second run changes nothing."""

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments import api as assessments
from competencies import api as competencies
from courses import api as courses
from levels.models import (
    ExamUnit,
    ExperienceClaim,
    LevelApplication,
    LevelCompetency,
    LevelCourse,
    LevelCredential,
    LevelEquivalence,
    RoleLevel,
)
from levels.services import awards, evidence
from levels.services import ladder as rules

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_LEARNER = "learner@example.com"
EQF = "European Qualifications Framework"


class Command(BaseCommand):
    help = (
        "Load the demo level ladders and the demo learner's levels (idempotent; not in production)."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo levels are refused in production.")
        ladders = json.loads((DEMO_DIR / "ladders.json").read_text())
        exam = json.loads((DEMO_DIR / "b2b-foundation-exam.json").read_text())
        framework = competencies.CompetencyFramework.objects.filter(
            title=ladders["framework"]["title"], version=ladders["framework"]["version"]
        ).first()
        if framework is None:
            raise CommandError("Run demo_curriculum first: the demo talent standard is missing.")
        assessment = _exam(exam, framework)
        for slug, levels in ladders["roles"].items():
            role = competencies.TargetRole.objects.get(framework=framework, slug=slug)
            for data in levels:
                if not RoleLevel.objects.filter(role=role, rank=data["rank"]).exists():
                    with_exam = (
                        exam if (slug, data["rank"]) == (exam["role"], exam["rank"]) else None
                    )
                    _level(role, data, ladders["eqf_url"], with_exam, assessment)
                    self.stdout.write(f"  loaded {role.name} · {data['name']}")
            stewards = get_user_model().objects.filter(email__in=ladders["stewards"])
            role.stewards.add(*stewards)
        learner = get_user_model().objects.filter(email=DEMO_LEARNER).first()
        if learner is not None:
            self._learner(learner, framework, exam, assessment)

    def _learner(self, learner, framework, exam: dict, assessment) -> None:
        """The demo learner passes the B2B Foundation exam and holds that level; the exam also
        shows customs at Foundation, so she applies for the logistics role's Foundation level,
        which waits for an assessor; her export work experience waits to be attested."""
        roles = {
            role.slug: role for role in competencies.TargetRole.objects.filter(framework=framework)
        }
        b2b = RoleLevel.objects.get(role=roles[exam["role"]], rank=exam["rank"])
        if not assessments.Attempt.objects.filter(user=learner, assessment=assessment).exists():
            if courses.enrollment_for(user=learner, course=assessment.course) is None:
                courses.enrollment_create(learner=learner, course=assessment.course)
            attempt = assessments.attempt_start(learner=learner, assessment=assessment)
            # One slip, on compliant product information: 90%, every unit at its minimum.
            assessments.attempt_submit(attempt=attempt, answers=_answers(attempt, wrong={"PL.3"}))
        if not LevelCredential.objects.filter(user=learner, level=b2b).exists():
            awards.level_apply(user=learner, level=b2b)
        logistics = RoleLevel.objects.get(
            role=roles["cross-border-logistics-and-customs-coordinator"], rank=1
        )
        if not LevelApplication.objects.filter(user=learner, level=logistics).exists():
            awards.level_apply(user=learner, level=logistics)
        if not ExperienceClaim.objects.filter(user=learner, role=b2b.role).exists():
            today = timezone.localdate()
            started, ended = today - timedelta(days=300), today - timedelta(days=45)
            evidence.experience_declare(
                user=learner,
                role=b2b.role,
                employer="Atlas Argan Export SARL",
                job_title="Export sales assistant",
                started_on=started,
                ended_on=ended,
                evidence=SimpleUploadedFile(
                    "employment-letter.pdf",
                    _letter_pdf(learner.full_name, started, ended),
                    content_type="application/pdf",
                ),
            )
        held = LevelCredential.objects.filter(user=learner).select_related("level")
        applications = LevelApplication.objects.filter(user=learner).select_related("level")
        self.stdout.write(
            f"  {learner.email} holds {', '.join(str(c.level) for c in held) or 'no level'}; "
            + ", ".join(f"{a.level}: {a.status}" for a in applications)
        )


@transaction.atomic
def _exam(document: dict, framework):
    """The level exam's course, its questions (tagged with the role's framework) and the exam."""
    course = courses.Course.objects.filter(slug=document["course"]["slug"]).first()
    if course is None:
        try:
            course = courses.course_import(document["course"])
        except courses.CourseImportError as error:
            raise CommandError("\n".join(error.errors)) from error
    assessment = course.assessments.first()
    if assessment is not None:
        return assessment
    questions = []
    for data in document["questions"]:
        competency = competencies.Competency.objects.get(
            framework=framework, code=data["competency"]
        )
        questions.append(
            assessments.question_save(
                question=assessments.Question(
                    course=course, kind=data["kind"], title=data["title"]
                ),
                content={
                    "prompt": data["prompt"],
                    "points": Decimal(1),
                    "explanation": data["explanation"],
                    "competency": competency,
                    "level": competencies.ProficiencyLevel.objects.get(
                        framework=framework, rank=data["level"]
                    ),
                    "choices": [
                        {"key": f"c{number}", "text": choice["text"], "correct": choice["correct"]}
                        for number, choice in enumerate(data["choices"], start=1)
                    ],
                    "partial_credit": False,
                    "answer": None,
                    "tolerance": None,
                    "tolerance_mode": "absolute",
                    "accepted_answers": [],
                    "rubric": "",
                },
            )
        )
    # Weight 0: the exam makes no course grade, so no course certificate for this course; its
    # result is the level's (scored by the blueprint).
    return assessments.assessment_save(
        assessment=assessments.Assessment(
            course=course,
            is_published=True,
            weight=Decimal(0),
            shuffle_questions=True,
            shuffle_choices=True,
            grading_method="highest",
            **document["exam"],
        ),
        questions=questions,
    )


@transaction.atomic
def _level(role, data: dict, eqf_url: str, exam: dict | None, assessment) -> RoleLevel:
    """A level with its rules, each checked as the admin checks it."""
    framework = role.framework
    level = RoleLevel(
        role=role,
        rank=data["rank"],
        name=data["name"],
        description=data["description"],
        min_study_hours=data.get("min_study_hours", 0),
        min_experience_months=data.get("min_experience_months", 0),
        needs_review=data.get("needs_review", False),
        exam=assessment if exam else None,
        exam_pass_mark=exam["pass_mark"] if exam else 60,
    )
    level.full_clean()
    level.save()
    for code, rank in data["competencies"].items():
        rule = LevelCompetency(
            level=level,
            competency=competencies.Competency.objects.get(framework=framework, code=code),
            min_level=competencies.ProficiencyLevel.objects.get(framework=framework, rank=rank),
        )
        rules.raise_if(
            rules.competency_rule_errors(
                level=level, competency=rule.competency, min_level=rule.min_level
            )
        )
        rule.save()
    for slug in data["courses"]:
        LevelCourse.objects.create(level=level, course=courses.Course.objects.get(slug=slug))
    if exam:
        units = []
        for unit in exam["blueprint"]:
            competency = competencies.Competency.objects.get(
                framework=framework, code=unit["competency"]
            )
            rules.raise_if(rules.exam_unit_errors(level=level, competency=competency))
            units.append(
                ExamUnit(
                    level=level,
                    name=unit["name"],
                    competency=competency,
                    weight=unit["weight"],
                    min_percent=unit["min_percent"],
                )
            )
        rules.raise_if(rules.blueprint_errors(units))
        ExamUnit.objects.bulk_create(units)
    LevelEquivalence.objects.create(level=level, framework=EQF, code=data["eqf"], url=eqf_url)
    return level


def _answers(attempt, *, wrong: set[str]) -> dict:
    """Right answers read from the key (as only a demo may), wrong for the codes in `wrong`."""
    answers = {}
    for item in attempt.items.select_related(
        "question_version__competency", "question_version__question"
    ):
        version = item.question_version
        correct = {choice["key"] for choice in version.choices if choice["correct"]}
        right = version.competency.code not in wrong
        tokens = [t["token"] for t in item.choice_tokens if (t["key"] in correct) == right]
        answers[item.position] = tokens if version.question.kind == "multiple" else tokens[0]
    return answers


def _letter_pdf(name: str, started, ended) -> bytes:
    """A one-page employment letter: the evidence an assessor opens in the queue."""
    lines = [
        "Atlas Argan Export SARL - Agadir, Morocco",
        "To whom it may concern",
        f"{name} worked with us as export sales assistant",
        f"from {started:%d %B %Y} to {ended:%d %B %Y}: B2B inquiries,",
        "quotations, samples and export documents for our buyers in Europe.",
        "Demo document generated by Crossborder Academy.",
    ]
    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(
        f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines
    )
    stream = f"{text} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)
