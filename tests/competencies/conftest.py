# Frameworks are mapped onto courses: the same course fixtures as the courses tests.
from tests.courses.conftest import course, draft, enrollment, lessons  # noqa: F401
