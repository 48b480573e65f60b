from tests.assessments.conftest import course, enrolled  # noqa: F401
