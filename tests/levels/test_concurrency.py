"""Races on a level: only PostgreSQL's row locks show them (see tests/threads.py)."""

import itertools

from levels.models import ApplicationStatus, CredentialStatus, LevelApplication, LevelCredential
from levels.services import awards
from tests.levels.conftest import pass_course
from tests.threads import POSTGRESQL_ONLY, in_threads

pytestmark = POSTGRESQL_ONLY


def test_applying_many_times_at_once_awards_one_credential(
    learner, standard, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)

    outcomes = in_threads(8, lambda: awards.level_apply(user=learner, level=standard.foundation))

    expected = LevelApplication | awards.LevelConflict
    assert all(isinstance(outcome, expected) for outcome in outcomes), outcomes
    assert LevelCredential.objects.filter(user=learner).count() == 1
    assert set(LevelApplication.objects.values_list("status", flat=True)) == {
        ApplicationStatus.AWARDED
    }


def test_award_and_revoke_racing_leave_one_revoked_credential(
    learner, standard, admin_user, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    credential, _created = awards.level_award(user=learner, level=standard.foundation)

    turns = itertools.count()

    def award_or_revoke():
        if next(turns) % 2:
            return awards.credential_revoke(credential=credential, reason="Fraud", by=admin_user)
        return awards.level_award(user=learner, level=standard.foundation)

    outcomes = in_threads(8, award_or_revoke)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert LevelCredential.objects.filter(user=learner).count() == 1
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.REVOKED and credential.revoked_by == admin_user
