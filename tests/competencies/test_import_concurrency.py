"""Races of CASE imports that only PostgreSQL's row locks show (see tests/threads.py)."""

import itertools
import threading

from django.db import connection, transaction

from assessments.models import CompetencyLevel
from competencies import interchange
from competencies.interchange import ImportReport
from competencies.interchange import case_import as case_import_module
from competencies.interchange.case_import import framework_from_case
from competencies.interchange.errors import FrameworkImportError
from competencies.models import CompetencyFramework
from tests.competencies.test_case_import import anyone, exported, without_item
from tests.factories import competency, make_framework
from tests.threads import POSTGRESQL_ONLY, in_threads

pytestmark = POSTGRESQL_ONLY
WAIT = 10  # seconds a thread waits for the other at most


def test_a_level_recorded_while_an_import_removes_its_competency_is_not_lost(learner, monkeypatch):
    framework = make_framework()
    dropped = competency(framework, "A1.2")
    package = without_item(exported(framework), dropped.uuid)
    checked, go = threading.Event(), threading.Event()
    uses_of = interchange.competency_uses

    def check_then_wait(*, competency_ids):
        uses = uses_of(competency_ids=competency_ids)
        checked.set()
        go.wait(WAIT)  # the import holds its locks while the learner's level is recorded
        return uses

    def record_level():
        checked.wait(WAIT)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                return CompetencyLevel.objects.create(user=learner, competency=dropped)
        finally:
            go.set()

    monkeypatch.setattr(interchange, "competency_uses", check_then_wait)
    turns = itertools.count()

    imported, level = in_threads(
        2,
        lambda: (
            framework_from_case(package, may_update=anyone) if next(turns) == 0 else record_level()
        ),
    )

    if isinstance(level, ImportReport):  # the threads took the turns the other way round
        imported, level = level, imported
    assert isinstance(imported, ImportReport), imported
    assert imported.removed == ["A1.2 Competency 1.2"]
    # The level waited for the import, then failed, its competency gone: not recorded, then
    # deleted with it unnoticed.
    assert isinstance(level, Exception), level
    assert not CompetencyLevel.objects.exists()


def test_two_first_imports_of_a_document_at_once_make_one_framework(monkeypatch):
    package = exported(make_framework())
    CompetencyFramework.objects.all().delete()
    both_looked = threading.Barrier(2, timeout=WAIT)
    looked_up = case_import_module._framework_to_update

    def look_up_together(*args):
        found = looked_up(*args)
        both_looked.wait()  # neither found the framework: both create it
        return found

    monkeypatch.setattr(case_import_module, "_framework_to_update", look_up_together)

    outcomes = in_threads(2, lambda: framework_from_case(package, may_update=anyone))

    reports = [o for o in outcomes if isinstance(o, ImportReport)]
    errors = [o for o in outcomes if not isinstance(o, ImportReport)]
    assert len(reports) == 1 and reports[0].framework_created, outcomes
    [error] = errors
    assert isinstance(error, FrameworkImportError), error
    assert error.errors[0].startswith("CFDocument.identifier: another import saved")
    assert CompetencyFramework.objects.get().competencies.count() == 6
