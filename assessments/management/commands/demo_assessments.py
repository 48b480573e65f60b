import json
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from assessments import services
from assessments.models import CHOICE_KINDS, Assessment, Attempt, Question, QuestionKind
from competencies.api import Competency, ProficiencyLevel
from courses import api as courses

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_LEARNER = "learner@example.com"


class Command(BaseCommand):
    help = "Load demo question banks and assessments, and give the demo learner graded attempts."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo assessments are refused in production.")
        for path in sorted(DEMO_DIR.glob("*.json")):
            document = json.loads(path.read_text())
            course = courses.Course.objects.get(slug=document["course"])
            if course.assessments.exists():
                continue
            count = _load(course, document)
            self.stdout.write(f"  loaded {count} assessments for {course.slug}")
        self._learner_attempts()

    def _learner_attempts(self):
        learner = get_user_model().objects.filter(email=DEMO_LEARNER).first()
        if learner is None or Attempt.objects.filter(user=learner).exists():
            return
        rng = random.Random(7)  # noqa: S311 - the same demo every time, not a secret
        for slug, share_right in (
            ("cross-border-foundations", 1.0),
            ("platform-operations-b2b-b2c", 0.6),
        ):
            course = courses.Course.objects.get(slug=slug)
            courses.enrollment_create(learner=learner, course=course)
            # Foundations, final exam included, all right: the learner earns its certificate.
            # The final exam (no module) first on every database: the seeded answers then match.
            taken = course.assessments.order_by(F("module__order").asc(nulls_first=True), "id")
            if share_right < 1:
                taken = taken.filter(module__isnull=False)
            for assessment in taken:
                attempt = services.attempt_start(learner=learner, assessment=assessment, rng=rng)
                services.attempt_submit(
                    attempt=attempt, answers=_answers(attempt, share_right, rng)
                )
        self.stdout.write(
            f"  {learner.email} has {Attempt.objects.filter(user=learner).count()} graded attempts"
            f" and {learner.certificates.count()} certificate"
        )


@transaction.atomic
def _load(course: courses.Course, document: dict) -> int:
    codes = {c.code: c for c in Competency.objects.filter(framework__status="published")}
    questions = {}
    for data in document["questions"]:
        competency = codes.get(data.get("competency"))
        level = (
            ProficiencyLevel.objects.get(framework=competency.framework, rank=data["level"])
            if competency
            else None
        )
        question = Question(course=course, kind=data["kind"], title=data["title"][:120])
        services.question_save(
            question=question,
            content={
                "prompt": data["prompt"],
                "points": Decimal(str(data["points"])),
                "explanation": data.get("explanation", ""),
                "competency": competency,
                "level": level,
                "choices": [
                    {"key": f"c{number}", "text": choice["text"], "correct": choice["correct"]}
                    for number, choice in enumerate(data.get("choices", []), start=1)
                ],
                "partial_credit": data.get("partial_credit", False),
                "answer": Decimal(str(data["answer"])) if "answer" in data else None,
                "tolerance": Decimal(str(data.get("tolerance", 0))) if "answer" in data else None,
                "tolerance_mode": data.get("tolerance_mode", "absolute"),
                "accepted_answers": data.get("accepted_answers", []),
                "rubric": data.get("rubric", ""),
            },
        )
        questions[data["key"]] = question
    modules = list(course.modules.all())
    for data in document["assessments"]:
        assessment = Assessment(
            course=course,
            module=modules[data["module"] - 1] if data.get("module") else None,
            is_published=True,
            **{
                key: data[key]
                for key in (
                    "title",
                    "instructions",
                    "weight",
                    "pass_mark",
                    "max_attempts",
                    "time_limit_minutes",
                    "draw_count",
                    "draw_per_competency",
                    "shuffle_questions",
                    "shuffle_choices",
                    "grading_method",
                    "feedback_policy",
                    "required_for_certificate",
                )
            },
        )
        services.assessment_save(
            assessment=assessment, questions=[questions[key] for key in data["questions"]]
        )
    return len(document["assessments"])


def _answers(attempt, share_right: float, rng: random.Random) -> dict:
    """The demo learner's answers: right with the given probability (read from the key, as only
    a demo may)."""
    answers = {}
    for item in attempt.items.select_related("question_version__question"):
        version, kind = item.question_version, item.question_version.question.kind
        right = rng.random() < share_right
        correct = {c["key"] for c in version.choices if c["correct"]}
        if kind in CHOICE_KINDS:
            tokens = [t["token"] for t in item.choice_tokens if (t["key"] in correct) == right]
            answers[item.position] = tokens if kind == QuestionKind.MULTIPLE else tokens[0]
        elif kind == QuestionKind.NUMERIC:
            answers[item.position] = str(version.answer if right else version.answer * 2 + 1)
        elif kind == QuestionKind.SHORT_TEXT:
            answers[item.position] = version.accepted_answers[0] if right else "not sure"
        else:
            answers[item.position] = "A first draft of my answer."
    return answers
