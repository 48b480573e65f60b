"""Issue 9, data moves without loss: a database at the previous layout (certificates inside
assessments, competency frameworks inside courses) upgrades to the current one (their own apps and
tables) keeping every row, every id, every grade, a verifiable signed credential and the
instructors' permissions.

The test database is migrated back to the previous layout's leaf nodes, filled through the
historical models, migrated forward to the latest migrations and checked with the current models.
It always ends fully migrated, so the tests after it see the normal schema; serialized_rollback
restores the rows data migrations made (the Instructors group and its permissions) after the flush.
"""

import importlib
import shutil
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.models import (
    AssessmentResult,
    Attempt,
    CompetencyLevel,
    CourseGrade,
    QuestionVersion,
    Response,
)
from certificates.models import Certificate
from competencies.models import (
    Competency,
    CompetencyFramework,
    LearnerGoal,
    ProficiencyLevel,
    RoleRequirement,
    TargetRole,
)
from courses.models import CourseCompetency, Enrollment, Lesson
from tests.certificates.conftest import fresh_keys  # noqa: F401 (autouse: signing keys)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The leaf nodes of the previous layout (commit 40f65e4); the new apps did not exist yet.
OLD_LEAVES = [
    ("accounts", "0002_instructors_group"),
    ("courses", "0007_competency_code_characters"),
    ("assessments", "0004_instructor_certificate_permissions"),
]
OLD_LAYOUT = [*OLD_LEAVES, ("competencies", None), ("certificates", None)]

MOVED_COMPETENCY_MODELS = [
    "competencyframework",
    "proficiencylevel",
    "competency",
    "targetrole",
    "rolerequirement",
    "learnergoal",
]
OLD_TABLES = {f"courses_{model}" for model in MOVED_COMPETENCY_MODELS} | {"assessments_certificate"}
NEW_TABLES = {f"competencies_{model}" for model in MOVED_COMPETENCY_MODELS} | {
    "certificates_certificate"
}

# Every moved or touched model: (label at the previous layout, model at the current one).
SNAPSHOT = [
    ("courses.CompetencyFramework", CompetencyFramework),
    ("courses.ProficiencyLevel", ProficiencyLevel),
    ("courses.Competency", Competency),
    ("courses.TargetRole", TargetRole),
    ("courses.RoleRequirement", RoleRequirement),
    ("courses.LearnerGoal", LearnerGoal),
    ("courses.CourseCompetency", CourseCompetency),
    ("courses.Lesson", Lesson),
    ("courses.Enrollment", Enrollment),
    ("assessments.QuestionVersion", QuestionVersion),
    ("assessments.Attempt", Attempt),
    ("assessments.Response", Response),
    ("assessments.AssessmentResult", AssessmentResult),
    ("assessments.CourseGrade", CourseGrade),
    ("assessments.CompetencyLevel", CompetencyLevel),
    ("assessments.Certificate", Certificate),
]


PREVIOUS_RELEASE = Path(__file__).parent / "fixtures" / "previous_release"
PREVIOUS = {
    "public_id": uuid.UUID("5a0c6a43-5d0e-4a3c-9d64-2f4b7f0c1e11"),
    "credential_id": uuid.UUID("0e3b7c1d-8f2a-4e55-b1a9-6c0d2e4f8a22"),
    "issued_at": datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
}


@pytest.fixture(autouse=True)
def previous_release_key(fresh_keys, settings):  # noqa: F811 - the imported fixture
    """The key the previous release signed with, published beside this run's own."""
    settings.CREDENTIAL_KEYS_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(PREVIOUS_RELEASE / "signing-key.pem", settings.CREDENTIAL_KEYS_DIR / "old.pem")


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def migrate_to_latest() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def run_data_migration(module: str, function: str, apps) -> None:
    """What the previous layout's data migrations did (they are idempotent): the Instructors
    group with its permissions on courses' frameworks and assessments' certificates."""
    getattr(importlib.import_module(module), function)(apps, None)


def rows(model) -> list[dict]:
    return list(model.objects.order_by("pk").values())


def build_old_layout_data(apps) -> dict:
    """A learner who passed a course and holds its certificate, an instructor, a framework:
    everything through the historical models of the previous layout."""
    for module, function in [
        ("accounts.migrations.0002_instructors_group", "create_group"),
        ("courses.migrations.0004_instructor_framework_permissions", "grant"),
        ("assessments.migrations.0004_instructor_certificate_permissions", "grant"),
    ]:
        run_data_migration(module, function, apps)

    def model(label):
        return apps.get_model(label)

    now = timezone.now().replace(microsecond=0)
    user_model = model("accounts.User")
    learner = user_model.objects.create(
        email="amina@example.com", full_name="Amina Haddad", email_verified_at=now
    )
    instructor = user_model.objects.create(
        email="wei@example.com", full_name="李伟", is_staff=True, email_verified_at=now
    )
    instructor.groups.add(model("auth.Group").objects.get(name="Instructors"))

    framework = model("courses.CompetencyFramework").objects.create(
        title="Talent Standard", publisher="Academy", version="1.0", status="published"
    )
    levels = [
        model("courses.ProficiencyLevel").objects.create(
            framework=framework, rank=rank, name=name, is_proficient=proficient
        )
        for rank, (name, proficient) in enumerate(
            [("Not yet", False), ("Foundation", False), ("Proficient", True)]
        )
    ]
    competency_model = model("courses.Competency")
    area = competency_model.objects.create(
        framework=framework, code="A1", title="Area 1", order=1, tree_path="0001"
    )
    competency = competency_model.objects.create(
        framework=framework,
        parent=area,
        code="A1.1",
        title="Incoterms",
        order=1,
        tree_path="0001.0001",
    )
    role = model("courses.TargetRole").objects.create(
        framework=framework, slug="export-clerk", name="Export clerk"
    )
    model("courses.RoleRequirement").objects.create(
        role=role, competency=competency, level=levels[2]
    )
    model("courses.LearnerGoal").objects.create(user=learner, role=role)

    course = model("courses.Course").objects.create(
        slug="incoterms", title="Incoterms", status="published", published_at=now
    )
    course.instructors.add(instructor)
    model("courses.CourseCompetency").objects.create(
        course=course, competency=competency, level=levels[2]
    )
    module = model("courses.Module").objects.create(course=course, title="Module 1", order=1)
    model("courses.Lesson").objects.create(
        module=module, title="Lesson 1.1", body="Who pays for what.", competency=competency
    )
    enrollment = model("courses.Enrollment").objects.create(
        user=learner, course=course, status="completed", completed_at=now
    )

    assessment = model("assessments.Assessment").objects.create(
        course=course, title="Quiz", is_published=True, required_for_certificate=True
    )
    question = model("assessments.Question").objects.create(
        course=course, kind="single", title="Who pays"
    )
    version = model("assessments.QuestionVersion").objects.create(
        question=question,
        number=1,
        prompt="Under FOB, who pays the main carriage?",
        points=Decimal("4"),
        choices=[
            {"key": "a", "text": "The buyer", "correct": True},
            {"key": "b", "text": "The seller", "correct": False},
        ],
        competency=competency,
        level=levels[2],
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    assessment.questions.add(question)
    attempt = model("assessments.Attempt").objects.create(
        assessment=assessment,
        user=learner,
        number=1,
        status="submitted",
        started_at=now - timedelta(minutes=10),
        submitted_at=now - timedelta(minutes=1),
        graded_at=now - timedelta(minutes=1),
        score=Decimal("3"),
        max_score=Decimal("4"),
        percent=Decimal("75.00"),
        passed=True,
    )
    item = model("assessments.AttemptItem").objects.create(
        attempt=attempt,
        position=1,
        question_version=version,
        choice_tokens=[{"key": "a", "token": "t1"}, {"key": "b", "token": "t2"}],
    )
    model("assessments.Response").objects.create(
        item=item,
        answer="t1",
        max_points=Decimal("4"),
        score=Decimal("3"),
        is_correct=True,
        graded_at=now,
    )
    model("assessments.AssessmentResult").objects.create(
        user=learner,
        assessment=assessment,
        percent=Decimal("75.00"),
        passed=True,
        graded_attempts=1,
    )
    model("assessments.CourseGrade").objects.create(
        enrollment=enrollment, percent=Decimal("75.00"), passed=True
    )
    model("assessments.CompetencyLevel").objects.create(
        user=learner, competency=competency, level=levels[2]
    )
    old_certificate = model("assessments.Certificate").objects.create(
        user=learner,
        course=course,
        holder_name="Amina Haddad",
        course_title="Incoterms",
        course_language="en",
        competencies=[
            {
                "code": "A1.1",
                "title": "Incoterms",
                "level": 2,
                "level_name": "Proficient",
                "framework": str(framework.uuid),
                "framework_title": "Talent Standard",
                "item": str(competency.uuid),
            }
        ],
        issued_at=PREVIOUS["issued_at"],
        status="valid",
        # What the previous release issued and signed, with its key (tests/fixtures).
        public_id=PREVIOUS["public_id"],
        credential_id=PREVIOUS["credential_id"],
        credential_jwt=(PREVIOUS_RELEASE / "credential.jwt").read_text(),
    )

    permissions = set(
        model("auth.Permission")
        .objects.filter(group__user=instructor)
        .filter(
            Q(content_type__app_label="courses", codename="change_competency")
            | Q(content_type__app_label="assessments", codename="change_certificate")
        )
        .values_list("pk", flat=True)
    )
    assert len(permissions) == 2, "the Instructors group holds both permissions before"
    return {
        "learner": learner.pk,
        "instructor": instructor.pk,
        "framework": framework.pk,
        "certificate": old_certificate.pk,
        "public_id": old_certificate.public_id,
        "jwt": old_certificate.credential_jwt,
        "permissions": permissions,
        "rows": {label: rows(apps.get_model(label)) for label, _ in SNAPSHOT},
    }


def test_upgrading_a_database_of_the_previous_layout_keeps_every_row(client):
    try:
        executor = migrate(OLD_LAYOUT)
        tables = set(connection.introspection.table_names())
        assert tables >= OLD_TABLES and not tables & NEW_TABLES
        old = build_old_layout_data(executor.loader.project_state(OLD_LEAVES).apps)

        migrate_to_latest()

        tables = set(connection.introspection.table_names())
        assert tables >= NEW_TABLES and not tables & OLD_TABLES

        # Every row of every moved or touched table, with its id, uuid and grade, unchanged.
        # (Columns added since, such as certificates' email claim, are not part of the old rows.)
        for label, current in SNAPSHOT:
            before = old["rows"][label]
            columns = before[0].keys() if before else ()
            after = [{column: row[column] for column in columns} for row in rows(current)]
            assert after == before, label

        certificate = Certificate.objects.select_related("user", "course").get(
            pk=old["certificate"]
        )
        assert (certificate.public_id, certificate.holder_name, certificate.status) == (
            old["public_id"],
            "Amina Haddad",
            "valid",
        )
        assert certificate.user.pk == old["learner"] and certificate.credential_jwt == old["jwt"]
        framework = CompetencyFramework.objects.get(pk=old["framework"])
        assert [level.name for level in framework.levels.all()] == [
            "Not yet",
            "Foundation",
            "Proficient",
        ]
        competency = framework.competencies.get(code="A1.1")
        assert competency.parent.code == "A1"
        assert Lesson.objects.get().competency == competency
        assert CompetencyLevel.objects.get().level.name == "Proficient"
        grade = CourseGrade.objects.get()
        assert (grade.percent, grade.passed) == (Decimal("75.00"), True)
        attempt = Attempt.objects.get()
        assert (attempt.score, attempt.percent, attempt.passed) == (
            Decimal("3"),
            Decimal("75.00"),
            True,
        )

        # No foreign key points at a table that is gone (SQLite rewrites the references when it
        # renames a table, PostgreSQL follows the table itself), and the renamed tables take new
        # rows, referenced from other apps' tables (their id sequences came along).
        with connection.cursor() as cursor:
            dangling = [
                (table, column, target)
                for table in tables
                for column, (_, target) in connection.introspection.get_relations(
                    cursor, table
                ).items()
                if target not in tables
            ]
        assert dangling == []
        added = Competency.objects.create(framework=framework, code="A1.2", title="Documents")
        assert added.pk > competency.pk
        CompetencyLevel.objects.create(
            user_id=old["learner"], competency=added, level=framework.levels.get(rank=1)
        )

        # The public verify page, its JSON and the signed credential verify as before.
        page = client.get(reverse("verify", args=[certificate.public_id]))
        assert page.status_code == 200
        assert "Amina Haddad" in page.content.decode()
        record = client.get(reverse("verify-json", args=[certificate.public_id])).json()
        assert (record["holder"], record["status"]) == ("Amina Haddad", "valid")
        result = client.post(
            reverse("verify-credential"), old["jwt"], content_type="text/plain"
        ).json()
        assert result["verified"] is True, result
        assert [check["check"] for check in result["checks"]] == [
            "signature",
            "validity window",
            "format",
            "status",
        ]

        # Content types moved, so the same permission rows now name the new apps.
        assert not ContentType.objects.filter(app_label="courses", model="competency").exists()
        assert not ContentType.objects.filter(app_label="assessments", model="certificate").exists()
        assert ContentType.objects.filter(app_label="competencies", model="competency").exists()
        assert ContentType.objects.filter(app_label="certificates", model="certificate").exists()
        instructor = User.objects.get(pk=old["instructor"])
        assert instructor.has_perm("competencies.change_competency")
        assert instructor.has_perm("certificates.change_certificate")
        assert not instructor.has_perm("courses.change_competency")
        assert (
            set(
                instructor.groups.get()
                .permissions.filter(
                    codename__in=["change_competency", "change_certificate"],
                    content_type__app_label__in=["competencies", "certificates"],
                )
                .values_list("pk", flat=True)
            )
            == old["permissions"]
        )
    finally:
        migrate_to_latest()


def test_the_upgrade_can_be_rolled_back_on_an_empty_database():
    try:
        migrate(OLD_LAYOUT)
        tables = set(connection.introspection.table_names())
        assert tables >= OLD_TABLES and not tables & NEW_TABLES
        assert ContentType.objects.filter(app_label="courses", model="competency").exists()
        assert ContentType.objects.filter(app_label="assessments", model="certificate").exists()
        assert not ContentType.objects.filter(app_label__in=["competencies", "certificates"])

        migrate_to_latest()
        tables = set(connection.introspection.table_names())
        assert tables >= NEW_TABLES and not tables & OLD_TABLES
        assert not ContentType.objects.filter(app_label="courses", model="competency").exists()
    finally:
        migrate_to_latest()
