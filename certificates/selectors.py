"""Reads of certificates for the pages of the apps below (registered in `apps.py`)."""

from certificates.models import Certificate, CertificateStatus
from courses import api as courses

FAMILY = courses.family_of("course")


def certified_families(*, user) -> set[int]:
    """Course families in which the learner holds a valid certificate (any version)."""
    return set(
        Certificate.objects.filter(user=user, status=CertificateStatus.VALID)
        .annotate(family=FAMILY)
        .values_list("family", flat=True)
    )


def certificates_by_enrollment(enrollments) -> dict[int, Certificate]:
    """For each enrolment (loaded with its course), the learner's certificate for that course
    family, a valid one first (one query): a certificate earned in the Spanish version shows on
    the English enrolment, and on every other enrolment of the family."""
    wanted: dict[tuple[int, int], list[int]] = {}
    for e in enrollments:
        wanted.setdefault((e.user_id, courses.family_id(e.course)), []).append(e.pk)
    users = {user_id for user_id, _family in wanted}
    families = {family for _user_id, family in wanted}
    # With its course: pages say which language version the certificate was earned in.
    certificates = (
        Certificate.objects.select_related("course")
        .annotate(family=FAMILY)
        .filter(family__in=families)
    )
    if len(users) == 1:  # a learner's page; an instructor's table has one family instead
        certificates = certificates.filter(user_id__in=users)
    found: dict[int, Certificate] = {}
    for certificate in (
        certificates.order_by("status", "-issued_at")  # "revoked" < "valid": reversed below
    ):
        for enrollment_id in wanted.get((certificate.user_id, certificate.family), []):
            current = found.get(enrollment_id)
            if current is None or (not current.is_valid and certificate.is_valid):
                found[enrollment_id] = certificate
    return found
