# Certificates are earned through graded assessments: the same course, quiz and enrolment.
from tests.assessments.conftest import course, enrolled, quiz  # noqa: F401
