"""Authoring question banks and assessments, grading written answers, regrading, grade exports,
one module per noun.

Instructors see only the courses they teach; superusers see all. Attempts and results are records
of fact: read-only here, changed only by grading and regrading.
"""

from assessments.admin import assessments, exports, grading, questions

__all__ = ["assessments", "exports", "grading", "questions"]
