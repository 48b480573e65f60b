"""Who stewards what: the one place that says which roles a user authors and assesses."""

from competencies import api as competencies


def stewarded_roles(user):
    """The target roles `user` may author and assess: every role for a superuser, the roles that
    name them as a steward for other active staff, none for anyone else."""
    roles = competencies.TargetRole.objects.all()
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return roles.none()
    return roles if user.is_superuser else roles.filter(stewards=user)


def can_assess(user, role) -> bool:
    return stewarded_roles(user).filter(pk=role.pk).exists()
