"""The benchmark's data: a catalog, a long course, a framework with a learner's evidence on all of
it, cohorts of graded learners, certificates, and attempts ready to submit.

`build(size)` makes the lasting data (bulk inserts in batches, one password hash, no per-row
signals); the measured learner's results, certificates and goal go through the real services, so
the stored roll-ups are the ones the site would store. `consumables(size)` makes, on every run,
fresh learners with attempts ready to submit (a submit uses its attempt up) and the simulated
learners of the mixed load.

    python -m tests.benchmarks.generate --size small --database-url postgres://…/bench_small
"""

import argparse
import os
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

BATCH = 5000
PASSWORD = "bench-password"
LEARNER_EMAIL = "learner@bench.example"
ADMIN_EMAIL = "admin@bench.example"


@dataclass(frozen=True)
class Size:
    courses: int  # published catalog courses (besides the benchmark's own)
    outline_lessons: int  # lessons of the long course
    competencies: int  # in the framework (areas of 9 competencies each, plus the areas)
    cohort: int  # learners with graded attempts in the cohort course
    export_learners: int  # learners in the second course (the export's scaling)
    questions: int  # of the attempt to submit
    submits: int  # attempts submitted one after the other (submit + grade)
    burst: int  # attempts submitted at once
    mixed: int  # simulated learners of the mixed load


SIZES = {
    "tiny": Size(12, 6, 10, 5, 8, 10, 2, 3, 2),
    "small": Size(50, 10, 30, 100, 1_000, 50, 5, 200, 50),
    "large": Size(100_000, 1_000, 300, 10_000, 100_000, 500, 5, 200, 50),
}

# Catalog titles per content language, so a search word finds courses in each.
TOPICS = {
    "en": ["Customs clearance", "Cross-border logistics", "Payments and FX", "Marketplace ads"],
    "zh-Hans": ["海关清关实务", "跨境物流入门", "跨境支付与外汇", "电商平台运营"],
    "ar": [
        "التخليص الجمركي",
        "الخدمات اللوجستية عبر الحدود",
        "المدفوعات والعملات",
        "إدارة المتاجر",
    ],
    "es": ["Despacho de aduanas", "Logística transfronteriza", "Pagos y divisas", "Anuncios"],
    "fr": [
        "Dédouanement",
        "Logistique transfrontalière",
        "Paiements et change",
        "Places de marché",
    ],
    "ru": ["Таможенное оформление", "Трансграничная логистика", "Платежи", "Маркетплейсы"],
    "pt-BR": ["Desembaraço aduaneiro", "Logística internacional", "Pagamentos", "Marketplaces"],
    "vi": ["Thủ tục hải quan", "Hậu cần xuyên biên giới", "Thanh toán quốc tế", "Sàn thương mại"],
    "tr": ["Gümrük işlemleri", "Sınır ötesi lojistik", "Ödemeler ve döviz", "Pazar yerleri"],
}
LANGUAGE_WEIGHTS = {"en": 40, "zh-Hans": 15, "ar": 10, "es": 7, "fr": 7, "ru": 6, "pt-BR": 5}
LANGUAGE_WEIGHTS |= {"vi": 5, "tr": 5}
COUNTRIES = ["CN", "DE", "EG", "BR", "US", "VN", "TR", "RU", "FR", "ES", ""]
BODY = (
    "Incoterms decide who pays for freight and insurance and where the risk passes. "
    "This lesson walks through **EXW, FOB, CIF and DDP** with a worked shipment, the "
    "documents each one needs, and the customs declarations on both sides of the border.\n\n"
    "- Check the HS code\n- Confirm the duty rate\n- Book the carrier\n"
) * 3


def _chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model, objects):
    created = []
    for chunk in _chunks(objects):
        created.extend(model.objects.bulk_create(chunk))
    return created


def _users(prefix: str, count: int, password_hash: str, **fields):
    from django.utils import timezone

    from accounts.models import User

    now = timezone.now()
    return _bulk(
        User,
        [
            User(
                email=f"{prefix}{n:06d}@bench.example",
                full_name=f"Bench {prefix.title()} {n}",
                country=COUNTRIES[n % len(COUNTRIES)],
                password=password_hash,
                email_verified_at=now,
                **fields,
            )
            for n in range(count)
        ],
    )


# The lasting data --------------------------------------------------------------------------


def build(size_name: str) -> dict:
    """Everything but the consumables, in one transaction. Returns the manifest the driver
    reads (URLs' ids and slugs)."""
    from django.contrib.auth.hashers import make_password
    from django.core.cache import cache
    from django.db import connection, transaction

    from courses.teaching import teaching_rebuild

    size = SIZES[size_name]
    rng = random.Random(12)
    password_hash = make_password(PASSWORD)
    with transaction.atomic():
        framework, levels, competencies = _framework(size)
        _catalog(size, rng, competencies, levels)
        outline = _course("bench-outline", "Bench: the long course", size.outline_lessons)
        _lessons_teach(outline, competencies)
        cohort = _course("bench-cohort", "Bench: a graded cohort", 10, needs_all_lessons=True)
        exported = _course("bench-export", "Bench: a large cohort", 1, needs_all_lessons=True)
        study = _course("bench-study", "Bench: the course learners take", 10)
        exam = _assessment(study, "Bench exam", size.questions, competencies, levels)
        quiz = _assessment(study, "Bench quiz", 10, competencies, levels, weight=0)
        learners = _users("learner", max(size.cohort, size.export_learners), password_hash)
        _graded_cohort(cohort, _assessment(cohort, "Cohort quiz", 10), learners[: size.cohort])
        _graded_cohort(exported, _assessment(exported, "Export quiz", 1), learners)
        role = _role(framework, competencies, levels)
        learner, revoked = _measured_learner(size, password_hash, role, outline, cohort, study)
        # Courses were mapped in bulk, around the signals that keep this roll-up (decision 0015).
        teaching_rebuild()
    # Outside the transaction: certificates are issued after the grade commits, as on the site.
    valid, revoked_certificate = _certificates(learner, revoked, study, exam, quiz)
    from accounts.models import User

    User.objects.create_superuser(ADMIN_EMAIL, PASSWORD, full_name="Bench Admin")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # plan with statistics of the data, as autovacuum would
    cache.clear()
    module = outline.modules.order_by("order", "pk").first()
    lessons = list(outline.modules.values_list("lessons__pk", flat=True).order_by("lessons__order"))
    return {
        "size": size_name,
        "learner": LEARNER_EMAIL,
        "admin": ADMIN_EMAIL,
        "framework": str(framework.uuid),
        "role": role.slug,
        "outline": outline.slug,
        "outline_module": module.pk,
        "outline_lesson": lessons[len(lessons) // 2],
        "outline_question": exam.questions.order_by("pk").first().pk,
        "cohort": cohort.slug,
        "cohort_learners": size.cohort,
        "exported": exported.slug,
        "exported_learners": len(learners),
        "study": study.slug,
        "study_lessons": list(study.modules.values_list("lessons__pk", flat=True)),
        "exam": str(exam.uuid),
        "quiz": str(quiz.uuid),
        "certificate": str(valid.public_id),
        "revoked_certificate": str(revoked_certificate.public_id),
    }


def _framework(size: Size):
    from competencies.api import (
        Competency,
        CompetencyFramework,
        FrameworkStatus,
        ProficiencyLevel,
        framework_set_status,
        framework_tree_rebuild,
    )

    framework = CompetencyFramework.objects.create(
        title="Bench talent standard", publisher="Bench", version="1", description="A framework."
    )
    names = [("Not yet", False), ("Foundation", False), ("Proficient", True), ("Advanced", False)]
    levels = [
        ProficiencyLevel.objects.create(framework=framework, rank=rank, name=name, is_proficient=p)
        for rank, (name, p) in enumerate(names)
    ]
    areas = _bulk(
        Competency,
        [
            Competency(framework=framework, code=f"A{a:02d}", title=f"Area {a}", order=a)
            for a in range(max(1, size.competencies // 10))
        ],
    )
    children = _bulk(
        Competency,
        [
            Competency(
                framework=framework,
                parent=area,
                code=f"{area.code}.{c}",
                title=f"Competency {area.code}.{c}: ship, clear and sell across borders",
                description="Performs the task on real shipments.",
                order=c,
            )
            for area in areas
            for c in range(1, (size.competencies - len(areas)) // len(areas) + 1)
        ],
    )
    framework_tree_rebuild(framework=framework)
    framework_set_status(framework=framework, status=FrameworkStatus.PUBLISHED)
    return framework, levels, areas + children


def _catalog(size: Size, rng: random.Random, competencies, levels) -> None:
    """Published courses in many languages, every tenth a language version of the one before,
    each with a lesson and mapped to two competencies."""
    from django.utils import timezone

    from courses.models import Course, CourseCompetency, CourseStatus, Lesson, Module

    now = timezone.now()
    languages = list(LANGUAGE_WEIGHTS)
    weights = list(LANGUAGE_WEIGHTS.values())
    courses = []
    for n in range(size.courses):
        language = rng.choices(languages, weights)[0]
        topic = TOPICS[language][n % 4]
        courses.append(
            Course(
                slug=f"c{n:06d}",
                title=f"{topic} {n}",
                subtitle=f"{topic}: {n % 97}",
                description=f"{topic}. " * 8,
                language=language,
                level=("foundation", "intermediate", "advanced")[n % 3],
                status=CourseStatus.PUBLISHED,
                published_at=now - timedelta(minutes=n),
                effort_hours=1 + n % 40,
            )
        )
    courses = _bulk(Course, courses)
    versions = []
    for n in range(10, len(courses), 10):
        original, version = courses[n - 1], courses[n]
        if original.language != version.language:
            version.language_version_of = original
            versions.append(version)
    for chunk in _chunks(versions):
        Course.objects.bulk_update(chunk, ["language_version_of"])
    modules = _bulk(
        Module, [Module(course=course, title="Module 1", order=1) for course in courses]
    )
    _bulk(
        Lesson,
        [Lesson(module=module, title="Lesson 1", body=BODY, order=1) for module in modules],
    )
    proficient = levels[2]
    targets = []
    for n, course in enumerate(courses):
        first, second = n % len(competencies), (n * 7 + 3) % len(competencies)
        for index in {first, second}:
            targets.append(
                CourseCompetency(course=course, competency=competencies[index], level=proficient)
            )
    _bulk(CourseCompetency, targets)


def _course(slug: str, title: str, lessons: int, *, needs_all_lessons: bool = False):
    from django.utils import timezone

    from courses.models import Course, CourseStatus, Lesson, Module

    course = Course.objects.create(
        slug=slug,
        title=title,
        subtitle="Measured by make bench",
        description="A course the benchmark measures.",
        status=CourseStatus.PUBLISHED,
        published_at=timezone.now(),
        certificate_needs_all_lessons=needs_all_lessons,
    )
    per_module = 20
    modules = _bulk(
        Module,
        [
            Module(course=course, title=f"Module {m + 1}", order=m + 1)
            for m in range(-(-lessons // per_module))
        ],
    )
    _bulk(
        Lesson,
        [
            Lesson(
                module=modules[n // per_module],
                title=f"Lesson {n + 1}: documents and duties",
                body=BODY,
                minutes=5 + n % 20,
                free_preview=n == 0,
                order=n + 1,
            )
            for n in range(lessons)
        ],
    )
    return course


def _lessons_teach(course, competencies) -> None:
    from courses.models import Lesson

    lessons = list(Lesson.objects.filter(module__course=course).order_by("order"))
    for n, lesson in enumerate(lessons):
        lesson.competency = competencies[n % len(competencies)]
    for chunk in _chunks(lessons):
        Lesson.objects.bulk_update(chunk, ["competency"])


def _assessment(course, title: str, questions: int, competencies=(), levels=(), weight=1):
    """A published assessment of single-choice questions (c1 is right), all drawn in order; with
    competencies, question n is evidence of competency n at the proficient level. Weight 0: a
    practice quiz, outside the course grade."""
    from assessments.models import Assessment, Question, QuestionKind, QuestionVersion

    assessment = Assessment.objects.create(
        course=course, title=title, is_published=True, pass_mark=70, weight=weight
    )
    bank = _bulk(
        Question,
        [
            Question(course=course, kind=QuestionKind.SINGLE, title=f"{title} question {n + 1}")
            for n in range(questions)
        ],
    )
    choices = [{"key": f"c{k}", "text": f"Option {k}", "correct": k == 1} for k in range(1, 5)]
    versions = _bulk(
        QuestionVersion,
        [
            QuestionVersion(
                question=question,
                number=1,
                prompt=f"Which document does step {n + 1} of the shipment need?",
                points=Decimal(1),
                choices=choices,
                competency=competencies[n % len(competencies)] if competencies else None,
                level=levels[2] if competencies else None,
            )
            for n, question in enumerate(bank)
        ],
    )
    for question, version in zip(bank, versions, strict=True):
        question.current_version = version
    for chunk in _chunks(bank):
        Question.objects.bulk_update(chunk, ["current_version"])
    assessment.questions.set(bank)
    return assessment


def _graded_cohort(course, assessment, users) -> None:
    """Enrolled learners with one graded attempt each, and the results the services would store
    from it (the attempts hold no answers, so no competency evidence)."""
    from django.utils import timezone

    from assessments.models import (
        AssessmentResult,
        Attempt,
        AttemptStatus,
        CourseGrade,
    )
    from courses.models import Enrollment

    now = timezone.now()
    maximum = Decimal(assessment.questions.count())
    enrollments = _bulk(Enrollment, [Enrollment(user=user, course=course) for user in users])
    scores = [Decimal(n % (int(maximum) + 1)) for n in range(len(users))]
    percents = [(score * 100 / maximum).quantize(Decimal("0.01")) for score in scores]
    passed = [percent >= assessment.pass_mark for percent in percents]
    _bulk(
        Attempt,
        [
            Attempt(
                user=user,
                assessment=assessment,
                number=1,
                status=AttemptStatus.SUBMITTED,
                submitted_at=now,
                graded_at=now,
                score=score,
                max_score=maximum,
                percent=percent,
                passed=ok,
            )
            for user, score, percent, ok in zip(users, scores, percents, passed, strict=True)
        ],
    )
    _bulk(
        AssessmentResult,
        [
            AssessmentResult(
                user=user, assessment=assessment, percent=percent, passed=ok, graded_attempts=1
            )
            for user, percent, ok in zip(users, percents, passed, strict=True)
        ],
    )
    # One assessment of weight 1: the course grade is its result (no lessons done: no certificate).
    _bulk(
        CourseGrade,
        [
            CourseGrade(enrollment=enrollment, percent=percent, passed=percent >= course.pass_mark)
            for enrollment, percent in zip(enrollments, percents, strict=True)
        ],
    )


def _role(framework, competencies, levels):
    from competencies.api import RoleRequirement, TargetRole

    role = TargetRole.objects.create(
        framework=framework, slug="bench-role", name="Bench: cross-border specialist"
    )
    _bulk(
        RoleRequirement,
        [RoleRequirement(role=role, competency=c, level=levels[2]) for c in competencies],
    )
    return role


def _measured_learner(size: Size, password_hash: str, role, *courses):
    """The learner whose pages are measured: enrolled in the benchmark's courses and a few catalog
    ones, with the role as goal; and a second learner whose certificate gets revoked."""
    from accounts.models import User
    from competencies.api import learner_goal_set
    from courses.models import Course, Enrollment

    learner = User.objects.create(
        email=LEARNER_EMAIL,
        full_name="Amina Haddad",
        password=password_hash,
        country="EG",
        email_verified_at=courses[0].published_at,
    )
    revoked = User.objects.create(
        email="revoked@bench.example",
        full_name="Olga Smirnova",
        password=password_hash,
        email_verified_at=courses[0].published_at,
    )
    catalog = list(Course.objects.filter(slug__startswith="c0")[:5])
    Enrollment.objects.bulk_create(
        [Enrollment(user=learner, course=course) for course in [*courses, *catalog]]
        + [Enrollment(user=revoked, course=courses[-1])]
    )
    learner_goal_set(user=learner, role=role)
    return learner, revoked


def _certificates(learner, revoked, study, exam, quiz):
    """The learner passes the exam (evidence on every competency, a certificate) and the quiz,
    through the real start and submit services; a second learner passes the exam too and has the
    certificate revoked."""
    from certificates.models import Certificate
    from certificates.services import certificate_revoke

    _take(learner, exam, correct=True)
    _take(learner, quiz, correct=True)
    _take(revoked, exam, correct=True)
    valid = Certificate.objects.get(user=learner, course=study)
    revoked_certificate = certificate_revoke(
        certificate=Certificate.objects.get(user=revoked, course=study),
        reason="Issued by mistake (bench).",
    )
    return valid, revoked_certificate


def _take(user, assessment, *, correct: bool):
    from assessments.services.attempts import attempt_start, attempt_submit

    attempt = attempt_start(learner=user, assessment=assessment, rng=random.Random(1))
    attempt_submit(
        attempt=attempt, answers=answers_for(attempt, correct_share=1.0 if correct else 0)
    )
    return attempt


def answers_for(attempt, *, correct_share: float) -> dict[str, str]:
    """An answer to every question: the right choice for the first share of them, a wrong one
    for the rest."""
    items = list(attempt.items.select_related("question_version").order_by("position"))
    right_until = round(len(items) * correct_share)
    answers = {}
    for n, item in enumerate(items):
        keys = {c["key"]: c["correct"] for c in item.question_version.choices}
        wanted = [t["token"] for t in item.choice_tokens if keys[t["key"]] == (n < right_until)]
        answers[str(item.position)] = wanted[0]
    return answers


# Consumables: made fresh on every run ---------------------------------------------------------


def consumables(manifest: dict) -> dict:
    """Learners enrolled in the study course, with attempts at the exam ready to submit (the first
    ones submitted one by one, the rest in the burst), and the mixed load's learners. One attempt
    is started by the real service; the others copy its draw (same versions, same order)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from assessments.models import Assessment, Attempt, AttemptItem, Response
    from assessments.services.attempts import attempt_start
    from courses.models import Course, Enrollment

    size = SIZES[manifest["size"]]
    run = uuid.uuid4().hex[:8]
    study = Course.objects.get(slug=manifest["study"])
    exam = Assessment.objects.get(uuid=manifest["exam"])
    with transaction.atomic():
        password_hash = make_password(PASSWORD)
        takers = _users(f"submit-{run}-", size.submits + size.burst, password_hash)
        mixed = _users(f"mixed-{run}-", size.mixed, password_hash)
        _bulk(Enrollment, [Enrollment(user=user, course=study) for user in takers + mixed])
        first = attempt_start(learner=takers[0], assessment=exam, rng=random.Random(2))
        items = list(first.items.select_related("question_version").order_by("position"))
        others = [
            Attempt(user=user, assessment=exam, number=1, max_score=first.max_score)
            for user in takers[1:]
        ]
        attempts = [first, *_bulk(Attempt, others)]
        copies = _bulk(
            AttemptItem,
            [
                AttemptItem(
                    attempt=attempt,
                    position=item.position,
                    question_version_id=item.question_version_id,
                    choice_tokens=item.choice_tokens,
                )
                for attempt in attempts[1:]
                for item in items
            ],
        )
        _bulk(
            Response,
            [
                Response(item=copy, max_points=items[n % len(items)].question_version.points)
                for n, copy in enumerate(copies)
            ],
        )
    # Half right: a graded attempt that does not pass (no certificate in the measured request).
    answers = answers_for(first, correct_share=0.5)
    return {
        "submits": [
            {"email": user.email, "attempt": str(a.uuid)}
            for user, a in zip(takers[: size.submits], attempts, strict=False)
        ],
        "burst": [
            {"email": user.email, "attempt": str(a.uuid)}
            for user, a in zip(takers[size.submits :], attempts[size.submits :], strict=True)
        ],
        "answers": answers,
        "mixed": [user.email for user in mixed],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
    from tests.benchmarks import database

    database.prepare(args.database_url, args.size, force=True)


if __name__ == "__main__":
    main()
