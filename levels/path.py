"""A learner's path up a role's ladder: for each level, which rules are met, what is missing and
the next steps. Reads only; a fixed number of queries whatever the ladder's size or the
learner's history (see `ladder_paths`)."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from assessments import api as assessments
from certificates import api as certificates
from core.bidi import isolate
from courses import api as courses
from levels.models import (
    ClaimStatus,
    ExamResult,
    ExperienceClaim,
    LevelApplication,
    LevelCompetency,
    LevelCourse,
    LevelCredential,
    RoleLevel,
)
from levels.models.applications import OPEN_STATUSES

DAYS_PER_MONTH = 30.4375


class Rule:
    COMPETENCY = "competency"
    COURSE = "course"
    STUDY = "study"
    EXAM = "exam"
    EXPERIENCE = "experience"


@dataclass
class Check:
    """One rule of a level. `met` is None for a visitor who is not signed in."""

    kind: str
    label: str
    met: bool | None = None
    detail: str = ""
    # Courses (the learner's language version first) that would meet it.
    next_courses: list = field(default_factory=list)


@dataclass
class LevelPath:
    level: RoleLevel
    checks: list[Check]
    credential: LevelCredential | None = None
    application: LevelApplication | None = None
    exam_result: ExamResult | None = None

    @property
    def rules_met(self) -> bool:
        """Every rule met; a level with no rule yet (being authored) is never met."""
        return bool(self.checks) and all(check.met for check in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if check.met is False]

    @property
    def exam_open(self) -> bool:
        """The level exam is the last step: open once every other rule is met."""
        return self.level.exam_id is not None and all(
            check.met for check in self.checks if check.kind != Rule.EXAM
        )

    @property
    def held(self) -> bool:
        return self.credential is not None and self.credential.is_valid

    @property
    def can_apply(self) -> bool:
        """No credential (a revoked one included) and no open application: a rejected learner
        may apply again."""
        return self.credential is None and (
            self.application is None or self.application.status not in OPEN_STATUSES
        )


def ladder(role, *, only: RoleLevel | None = None) -> list[RoleLevel]:
    """The role's levels (or `only` one of them) with their rules (five queries)."""
    levels = RoleLevel.objects.filter(role=role)
    if only is not None:
        levels = levels.filter(pk=only.pk)
    return list(
        levels.select_related("exam__course")
        .prefetch_related(
            Prefetch(
                "competency_rules",
                LevelCompetency.objects.select_related(
                    "competency__framework", "competency__teaching_rollup", "min_level"
                ).order_by("competency__tree_path"),
            ),
            Prefetch("course_rules", LevelCourse.objects.select_related("course").order_by("id")),
            "exam_units",
            "equivalences",
        )
        .order_by("rank")
    )


def experience_months(claims) -> int:
    """Whole months covered by the claims' periods, overlaps counted once."""
    today = timezone.localdate()
    periods = sorted((claim.started_on, claim.ended_on or today) for claim in claims)
    days = 0
    current_start = current_end = None
    for start, end in periods:
        if current_end is None or start > current_end:
            if current_end is not None:
                days += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        days += (current_end - current_start).days
    return int(days / DAYS_PER_MONTH)


@dataclass
class Facts:
    """What a learner has shown, read once for a whole ladder."""

    achieved_levels: dict  # competency id -> ProficiencyLevel
    certified: set[int]  # course families with a valid certificate
    study_hours: int
    experience_months: int
    claims: list[ExperienceClaim]
    exam_results: dict[int, ExamResult]
    applications: dict[int, LevelApplication]
    credentials: dict[int, LevelCredential]


def learner_facts(user, role, levels: list[RoleLevel]) -> Facts:
    """Ten queries."""
    level_ids = [level.pk for level in levels]
    achieved = courses.achieved_families(user=user)
    claims = list(ExperienceClaim.objects.filter(user=user, role=role).order_by("started_on"))
    applications: dict[int, LevelApplication] = {}
    # The open application, else the latest decided one.
    for application in LevelApplication.objects.filter(user=user, level__in=level_ids).order_by(
        "created_at", "id"
    ):
        current = applications.get(application.level_id)
        if current is None or current.status not in OPEN_STATUSES:
            applications[application.level_id] = application
    return Facts(
        achieved_levels=assessments.achieved_levels(user),
        certified=certificates.certified_families(user=user),
        study_hours=courses.family_effort_hours(achieved),
        experience_months=experience_months(
            claim for claim in claims if claim.status == ClaimStatus.ATTESTED
        ),
        claims=claims,
        # A result counts for the level's current exam only (an exam replaced since is not it).
        exam_results={
            result.level_id: result
            for result in ExamResult.objects.filter(
                user=user, level__in=level_ids, attempt__assessment_id=F("level__exam_id")
            )
        },
        applications=applications,
        credentials={
            credential.level_id: credential
            for credential in LevelCredential.objects.filter(user=user, level__in=level_ids)
        },
    )


def _checks(level: RoleLevel, facts: Facts | None) -> list[Check]:
    checks = []
    for rule in level.competency_rules.all():
        shown = facts.achieved_levels.get(rule.competency_id) if facts else None
        checks.append(
            Check(
                Rule.COMPETENCY,
                _("%(code)s %(title)s at level %(level)s or above")
                % {
                    "code": isolate(rule.competency.code),
                    "title": isolate(rule.competency.title),
                    "level": isolate(rule.min_level.name),
                },
                met=None if facts is None else bool(shown and shown.rank >= rule.min_level.rank),
                detail=(_("Your level so far: %(level)s") % {"level": isolate(shown.name)})
                if shown
                else "",
            )
        )
    for rule in level.course_rules.all():
        checks.append(
            Check(
                Rule.COURSE,
                _("A certificate for “%(course)s” (any language version)")
                % {"course": isolate(rule.course.title)},
                met=None if facts is None else courses.family_id(rule.course) in facts.certified,
            )
        )
    if level.min_study_hours:
        checks.append(
            Check(
                Rule.STUDY,
                ngettext(
                    "At least %(hours)d hour of completed courses",
                    "At least %(hours)d hours of completed courses",
                    level.min_study_hours,
                )
                % {"hours": level.min_study_hours},
                met=None if facts is None else facts.study_hours >= level.min_study_hours,
                detail=(
                    ngettext("You have %(hours)d hour.", "You have %(hours)d hours.", hours)
                    % {"hours": hours}
                    if facts and (hours := facts.study_hours) is not None
                    else ""
                ),
            )
        )
    if level.min_experience_months:
        checks.append(
            Check(
                Rule.EXPERIENCE,
                ngettext(
                    "At least %(months)d month of attested work experience in this role",
                    "At least %(months)d months of attested work experience in this role",
                    level.min_experience_months,
                )
                % {"months": level.min_experience_months},
                met=None
                if facts is None
                else facts.experience_months >= level.min_experience_months,
                detail=(
                    ngettext(
                        "Attested so far: %(months)d month.",
                        "Attested so far: %(months)d months.",
                        months,
                    )
                    % {"months": months}
                    if facts and (months := facts.experience_months) is not None
                    else ""
                ),
            )
        )
    if level.exam_id:
        result = facts.exam_results.get(level.pk) if facts else None
        checks.append(
            Check(
                Rule.EXAM,
                _("Pass the level exam “%(exam)s” (%(mark)d%% overall, and each unit's minimum)")
                % {"exam": isolate(level.exam.title), "mark": level.exam_pass_mark},
                met=None if facts is None else bool(result and result.passed),
                detail=(_("Your best result: %(percent)s%%") % {"percent": result.percent})
                if result
                else "",
            )
        )
    return checks


def _add_next_courses(paths: list[LevelPath], facts: Facts, language: str) -> None:
    """Courses that meet the missing competency and certificate rules, the version in the
    learner's language where there is one (three queries for the whole ladder)."""
    missing_competencies = []
    missing_courses = []
    for path in paths:
        if path.held:
            continue
        rules = {
            Rule.COMPETENCY: iter(path.level.competency_rules.all()),
            Rule.COURSE: iter(path.level.course_rules.all()),
        }
        for check in path.checks:
            if check.kind in rules:
                rule = next(rules[check.kind])
                if check.met is False:
                    target = (
                        missing_competencies if check.kind == Rule.COMPETENCY else missing_courses
                    )
                    target.append((check, rule))
    if missing_competencies:
        teaching = courses.teaching_of(
            [(rule.competency, rule.min_level.rank) for _check, rule in missing_competencies],
            language=language,
        )
        for (check, _rule), taught in zip(missing_competencies, teaching, strict=True):
            check.next_courses = [item.course for item in taught.courses]
    if missing_courses:
        entries = courses.catalog_entries(
            [rule.course for _check, rule in missing_courses], language=language
        )
        for (check, _rule), entry in zip(missing_courses, entries, strict=True):
            check.next_courses = [entry.course]


def ladder_paths(
    role, user=None, *, levels: list[RoleLevel] | None = None, next_steps: bool = True
) -> list[LevelPath]:
    """Each level of the role with its checks; for a signed-in learner, what is met, their
    credential, application and exam result, and next steps. Five queries for a visitor, about
    twenty for a learner, whatever the number of levels, rules or courses."""
    levels = ladder(role) if levels is None else levels
    if user is None or not user.is_authenticated:
        return [LevelPath(level, _checks(level, None)) for level in levels]
    facts = learner_facts(user, role, levels)
    paths = [
        LevelPath(
            level,
            _checks(level, facts),
            credential=facts.credentials.get(level.pk),
            application=facts.applications.get(level.pk),
            exam_result=facts.exam_results.get(level.pk),
        )
        for level in levels
    ]
    if next_steps:
        _add_next_courses(paths, facts, get_language())
    return paths


def level_path(user, level: RoleLevel) -> LevelPath:
    """One level's path (services use it to decide an award)."""
    (path,) = ladder_paths(
        level.role, user, levels=ladder(level.role, only=level), next_steps=False
    )
    return path
