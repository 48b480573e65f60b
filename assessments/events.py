"""What assessments announce to the apps above them (certificates). Assessments never import
those apps; they subscribe in their `AppConfig.ready()`.

`course_grade_changed(sender, user, course, regrade)`: sent inside the transaction that stored a
learner's new course grade (a submission, a hand grade, a regrade, a recomputation after the
course's grading rules changed), with the learner's row locked. `regrade` is True when an already
graded attempt's score changed (a key fix, a grader's change), not when the learner tried again.
A receiver may read and write in that transaction; follow-up work goes after commit.
"""

from django.dispatch import Signal

course_grade_changed = Signal()
