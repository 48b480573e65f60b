"""A talent standard with a two-level ladder for one role, and ways to earn its evidence.

- Foundation: A1.1 at "Proficient" (rank 2), a certificate for "export-basics" (or its Spanish
  version), 3 hours of study. No review: awarded as soon as the rules are met.
- Intermediate: a level exam (units A1 60% and A2 40%, each with a 50% minimum, pass mark 60%),
  6 months of attested experience, an assessor's review; equivalent to EQF 4.
"""

import pytest

from assessments import services as assessment_services
from certificates import signing
from courses import services as course_services
from levels.models import ExamUnit, LevelCompetency, LevelCourse, LevelEquivalence, RoleLevel
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import (
    InstructorFactory,
    competency,
    level,
    make_course,
    make_framework,
    make_role,
    teach,
)


@pytest.fixture(autouse=True)
def fresh_keys(settings, tmp_path):
    """Each test signs with keys of its own, generated on first use."""
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEY = ""
    signing.keys.cache_clear()
    yield
    signing.keys.cache_clear()


@pytest.fixture
def steward(db):
    return InstructorFactory(full_name="Steward Sam")


@pytest.fixture
def standard(instructor, steward):
    """The framework, role, courses and ladder (see the module's docstring)."""
    framework = make_framework()
    role = make_role(framework, "export-specialist", {"A1.1": 2})
    role.stewards.add(steward)
    course = make_course("export-basics", instructors=(instructor.email,))
    spanish = make_course(
        "export-basics-es",
        language="es",
        language_version_of="export-basics",
        instructors=(instructor.email,),
    )
    exam_course = make_course("export-level-exams", instructors=(instructor.email,))
    for taught in (course, spanish):
        teach(taught, framework, "A1.1", 2)
    exam = make_assessment(
        exam_course,
        [
            make_question(
                exam_course, competency=competency(framework, "A1.1"), level=level(framework, 2)
            ),
            make_question(
                exam_course, competency=competency(framework, "A1.2"), level=level(framework, 2)
            ),
            make_question(
                exam_course, competency=competency(framework, "A2.1"), level=level(framework, 2)
            ),
        ],
        title="Export level exam",
        pass_mark=60,
    )
    foundation = RoleLevel.objects.create(role=role, rank=1, name="Foundation", min_study_hours=3)
    LevelCompetency.objects.create(
        level=foundation, competency=competency(framework, "A1.1"), min_level=level(framework, 2)
    )
    LevelCourse.objects.create(level=foundation, course=course)
    intermediate = RoleLevel.objects.create(
        role=role,
        rank=2,
        name="Intermediate",
        exam=exam,
        exam_pass_mark=60,
        min_experience_months=6,
        needs_review=True,
    )
    ExamUnit.objects.create(
        level=intermediate,
        name="Listing",
        competency=competency(framework, "A1"),
        weight=60,
        min_percent=50,
    )
    ExamUnit.objects.create(
        level=intermediate,
        name="Logistics",
        competency=competency(framework, "A2"),
        weight=40,
        min_percent=50,
    )
    LevelEquivalence.objects.create(
        level=intermediate,
        framework="European Qualifications Framework",
        code="4",
        url="https://europa.eu/europass/en/description-eight-eqf-levels",
    )
    return type(
        "Standard",
        (),
        {
            "framework": framework,
            "role": role,
            "course": course,
            "spanish": spanish,
            "exam_course": exam_course,
            "exam": exam,
            "foundation": foundation,
            "intermediate": intermediate,
        },
    )


def pass_course(learner, course, capture, framework=None) -> None:
    """Enrol and pass a quiz required for the certificate, tagged A1.1 at rank 2: the learner
    earns the course's certificate and shows A1.1 at "Proficient"."""
    course_services.enrollment_create(learner=learner, course=course)
    tag = {}
    if framework is not None:
        tag = {"competency": competency(framework, "A1.1"), "level": level(framework, 2)}
    quiz = make_assessment(course, [make_question(course, **tag)], required_for_certificate=True)
    attempt = assessment_services.attempt_start(learner=learner, assessment=quiz)
    with capture(execute=True):
        assessment_services.attempt_submit(attempt=attempt, answers=right_answers(attempt))


def take_exam(learner, standard, capture, *, right: set[str]) -> None:
    """Enrol in the exam course and answer right the questions tagged with the codes in
    `right` (A1.1, A1.2, A2.1), wrong the others."""
    enrollment_exists = standard.exam_course.enrollments.filter(user=learner).exists()
    if not enrollment_exists:
        course_services.enrollment_create(learner=learner, course=standard.exam_course)
    attempt = assessment_services.attempt_start(learner=learner, assessment=standard.exam)
    answers = right_answers(attempt)
    for item in attempt.items.select_related("question_version__competency"):
        if item.question_version.competency.code not in right:
            del answers[item.position]  # left unanswered: no points
    with capture(execute=True):
        assessment_services.attempt_submit(attempt=attempt, answers=answers)
