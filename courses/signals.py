from django.dispatch import Signal

# Sent after commit when a course's grading rules change (its pass mark), with `course_id`:
# the apps that store grades (assessments) recompute them. Courses cannot call them directly.
course_grading_changed = Signal()
