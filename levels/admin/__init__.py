"""Levels in the admin, scoped to the roles the signed-in staff member stewards (superusers see
all): authoring a role's ladder (`ladder`), the assessor's queue of applications and work
experience (`queue`), and level credentials, records of fact changed only by explicit actions
(`credentials`).

Stewardship is the permission, decided by `levels.selectors.stewarded_roles` alone (`access`), so
a superuser who names a steward on a role gives them this section with no group permission to add.
Rows of other roles are absent: a direct URL to one is a 404. An assessor never sees their own
application or experience. Every write goes through the services, which check it, write who and
when; the admin's history (LogEntry) says what was decided and why.
"""

from levels.admin import credentials, ladder, queue  # noqa: F401  (each registers its admins)
