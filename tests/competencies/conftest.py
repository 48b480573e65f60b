# Frameworks are mapped onto courses: the same course fixtures as the courses tests.
from tests.courses.conftest import course, draft, enrollment, lessons  # noqa: F401

# The credential tests use the levels fixtures (a framework, a role, courses, a ladder).
from tests.levels.conftest import standard, steward  # noqa: F401
