"""Level ladders on target roles, the evidence learners bring for them, and level credentials."""

from levels.models.applications import (
    ApplicationStatus,
    ClaimStatus,
    ExamResult,
    ExperienceClaim,
    LevelApplication,
)
from levels.models.credentials import CredentialStatus, LevelCredential
from levels.models.ladder import (
    ExamUnit,
    LevelCompetency,
    LevelCourse,
    LevelEquivalence,
    RoleLevel,
)

__all__ = [
    "ApplicationStatus",
    "ClaimStatus",
    "CredentialStatus",
    "ExamResult",
    "ExamUnit",
    "ExperienceClaim",
    "LevelApplication",
    "LevelCompetency",
    "LevelCourse",
    "LevelCredential",
    "LevelEquivalence",
    "RoleLevel",
]
