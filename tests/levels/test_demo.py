"""The levels demo (`make demo`): three levels per role of the demo talent standard, a level exam
with its blueprint, and the demo learner's standing, made through the services; idempotent."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Attempt, Question
from certificates import signing
from competencies.models import TargetRole
from levels.models import (
    ApplicationStatus,
    ExamUnit,
    ExperienceClaim,
    LevelApplication,
    LevelCredential,
    RoleLevel,
)
from levels.path import level_path
from levels.selectors import can_assess

pytestmark = pytest.mark.django_db

DEMO = ("demo_accounts", "demo_curriculum", "demo_assessments", "demo_levels")


@pytest.fixture(autouse=True)
def fresh_keys(settings, tmp_path):
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEY = ""
    signing.keys.cache_clear()
    yield
    signing.keys.cache_clear()


def run_demo(capture) -> None:
    """As `make demo` runs it, each command's after-commit work (renders) done."""
    for command in DEMO:
        with capture(execute=True):
            call_command(command, stdout=StringIO())


def snapshot() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (RoleLevel, ExamUnit, Question, Attempt, LevelApplication, ExperienceClaim)
    } | {
        "credentials": list(LevelCredential.objects.values_list("pk", "rendered_at")),
        "applications": list(LevelApplication.objects.values_list("pk", "status")),
    }


def test_the_demo_ladders_exam_and_learner(django_capture_on_commit_callbacks, django_user_model):
    run_demo(django_capture_on_commit_callbacks)

    roles = TargetRole.objects.all()
    assert roles.count() == 3
    for role in roles:
        assert list(role.ladder.values_list("rank", "name")) == [
            (1, "Foundation"),
            (2, "Intermediate"),
            (3, "Advanced"),
        ]
        assert role.ladder.get(rank=3).needs_review
        assert all(
            level.equivalences.filter(url__contains="europa.eu").exists()
            for level in role.ladder.all()
        )

    (level,) = RoleLevel.objects.filter(exam__isnull=False)
    assert level.rank == 1 and level.exam.is_published and level.exam.course.status == "published"
    units = list(level.exam_units.select_related("competency"))
    assert sum(unit.weight for unit in units) == 100
    questions = list(level.exam.questions.select_related("current_version__competency"))
    assert 6 <= len(questions) <= 10
    for unit in units:
        assert any(
            q.current_version.competency.tree_path.startswith(unit.competency.tree_path)
            for q in questions
        ), unit.name

    learner = django_user_model.objects.get(email="learner@example.com")
    (credential,) = LevelCredential.objects.filter(user=learner)
    assert credential.level == level and credential.is_valid
    assert credential.rendered_at and credential.png and credential.pdf
    assert credential.evidence["exam"]["percent"] == "90.00"
    # Part-way to the next level: some rules met, some not.
    checks = level_path(learner, level.role.ladder.get(rank=2)).checks
    assert Counter(check.met for check in checks).keys() == {True, False}

    (waiting,) = LevelApplication.objects.filter(user=learner, status=ApplicationStatus.IN_REVIEW)
    assert waiting.level.needs_review and level_path(learner, waiting.level).rules_met
    instructor = django_user_model.objects.get(email="instructor@example.com")
    assert can_assess(instructor, waiting.level.role)
    assert ExperienceClaim.objects.get(user=learner).evidence.read(4) == b"%PDF"


def test_running_the_demo_again_changes_nothing(django_capture_on_commit_callbacks):
    run_demo(django_capture_on_commit_callbacks)
    before = snapshot()
    run_demo(django_capture_on_commit_callbacks)
    assert snapshot() == before
