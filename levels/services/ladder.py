"""Rules a level may hold: each must be possible to meet, checked when it is saved (by the
admin, the demo and any import alike)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from competencies import api as competencies


def competency_rule_errors(*, level, competency, min_level) -> dict[str, list[str]]:
    """A required competency of the role's framework, at a level of that framework's scale above
    "not yet shown"."""
    errors: dict[str, list[str]] = {}
    if competency.framework_id != level.role.framework_id:
        errors["competency"] = [
            _("Choose a competency of the role's framework (%(framework)s).")
            % {"framework": level.role.framework}
        ]
    elif min_level.framework_id != competency.framework_id:
        errors["min_level"] = [
            _("Choose a level of the competency's own scale; this one is another framework's.")
        ]
    elif min_level.rank == 0:
        errors["min_level"] = [
            _("Choose a level above the scale's first, which needs no evidence.")
        ]
    return errors


def exam_unit_errors(*, level, competency) -> dict[str, list[str]]:
    """A unit is an area of the role's framework that the exam's questions cover: a unit with no
    question could never reach its minimum."""
    if competency.framework_id != level.role.framework_id:
        return {
            "competency": [
                _("Choose an area of the role's framework (%(framework)s).")
                % {"framework": level.role.framework}
            ]
        }
    if level.exam_id is None:
        return {"competency": [_("Choose the level exam before its blueprint.")]}
    covered = competencies.descendant_ids(competency)
    if not level.exam.questions.filter(current_version__competency__in=covered).exists():
        return {
            "competency": [
                _(
                    "No question of the exam “%(exam)s” is tagged with %(code)s or a competency "
                    "below it, so this unit could never be passed."
                )
                % {"exam": level.exam.title, "code": competency.code}
            ]
        }
    return {}


def blueprint_errors(units: list, *, exam=None) -> list[str]:
    """A level exam has a blueprint, its units' weights add up to 100, and no unit's area lies
    inside another's (its questions would count twice)."""
    if exam is not None and not units:
        return [_("A level exam needs its blueprint: add units whose weights add up to 100%.")]
    errors = []
    total = sum(unit.weight for unit in units)
    if units and total != 100:
        errors.append(
            _("The units' weights add up to %(total)d%%; make them add up to 100%%.")
            % {"total": total}
        )
    areas = [unit.competency for unit in units]
    for area in areas:
        for other in areas:
            if area is not other and other.tree_path.startswith(area.tree_path + "/"):
                errors.append(
                    _(
                        "The unit on %(inner)s lies inside the unit on %(outer)s: choose areas "
                        "that do not overlap."
                    )
                    % {"inner": other.code, "outer": area.code}
                )
    return errors


def course_rule_errors(*, level, course) -> dict[str, list[str]]:
    """A required course is published: learners must be able to take it."""
    if course.status != "published":
        return {"course": [_("Choose a published course: learners cannot take this one.")]}
    return {}


def raise_if(errors) -> None:
    if errors:
        raise ValidationError(errors)
