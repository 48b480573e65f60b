from django.dispatch import Signal

# Sent after commit when a course's grading rules change (its pass mark), with `course_id`:
# the apps that store grades (assessments) recompute them. Courses cannot call them directly.
course_grading_changed = Signal()

# Sent after commit when a learner completes every lesson of a course, with `user_id` and
# `course_id`: a certificate that needs all lessons may now be earned.
enrollment_completed = Signal()
