from rest_framework import serializers

from assessments.models import AttemptStatus, FeedbackPolicy, GradingMethod, QuestionKind
from assessments.selectors import StartBlocker


class ChoiceSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Opaque, new for every attempt.")
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    prompt_html = serializers.CharField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    choices = ChoiceSerializer(many=True)
    answer = serializers.JSONField(allow_null=True)


class FeedbackQuestionSerializer(QuestionSerializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    is_correct = serializers.BooleanField(allow_null=True)
    explanation_html = serializers.CharField()
    correct_tokens = serializers.ListField(child=serializers.CharField())
    correct_answer = serializers.CharField(allow_null=True)
    feedback = serializers.CharField()


class AttemptSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    assessment = serializers.CharField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AttemptStatus.choices)
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True, help_text="The server's deadline.")
    submitted_at = serializers.DateTimeField(allow_null=True)
    questions = QuestionSerializer(many=True)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="By question position: a choice token, a list of tokens, or text.",
    )


class ResultSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AttemptStatus.choices)
    score = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    max_score = serializers.DecimalField(max_digits=10, decimal_places=2)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    feedback_shown = serializers.BooleanField()
    questions = FeedbackQuestionSerializer(many=True, required=False)


class GradeSerializer(serializers.Serializer):
    course = serializers.SlugField(source="assessment.course.slug")
    assessment = serializers.UUIDField(source="assessment.uuid")
    title = serializers.CharField(source="assessment.title")
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    passed = serializers.BooleanField()
    graded_attempts = serializers.IntegerField()


class MapCompetencySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField(
        allow_null=True, help_text="Your level rank; null: no level reached yet (see state)."
    )
    level_name = serializers.CharField(allow_null=True)
    required_level = serializers.IntegerField(allow_null=True, help_text="What your goal requires.")
    status = serializers.ChoiceField(choices=["met", "partly", "gap"], allow_null=True)
    state = serializers.ChoiceField(
        choices=["not_attempted", "attempted", "level", "target_met"],
        help_text="not_attempted: no graded evidence; attempted: evidence, no level reached yet; "
        "level: a level reached; target_met: your goal's requirement met.",
    )
    courses = serializers.ListField(
        child=serializers.SlugField(),
        help_text="Courses closing a gap, one per course family not yet achieved.",
    )


class MapAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    competencies = MapCompetencySerializer(many=True)


class CompetencyMapSerializer(serializers.Serializer):
    framework = serializers.UUIDField()
    title = serializers.CharField()
    goal = serializers.SlugField(allow_null=True)
    areas = MapAreaSerializer(many=True)


class RequiredLessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    completed = serializers.BooleanField(help_text="You have completed it.")


class KeptGradeSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    passed = serializers.BooleanField()
    graded_attempts = serializers.IntegerField()


class CourseAssessmentSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    title = serializers.CharField()
    module = serializers.CharField(
        allow_null=True, help_text="The module it closes; null: the course's own assessment."
    )
    instructions_html = serializers.CharField(help_text="Sanitized HTML rendered from Markdown.")
    open = serializers.BooleanField(help_text="Open to learners (it and its course published).")
    pass_mark = serializers.IntegerField(min_value=0, max_value=100, help_text="Percent.")
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Its weight in the course grade."
    )
    required_for_certificate = serializers.BooleanField()
    grading_method = serializers.ChoiceField(
        choices=GradingMethod.choices, help_text="Which attempt's score is kept."
    )
    feedback_policy = serializers.ChoiceField(
        choices=FeedbackPolicy.choices, help_text="When answers and explanations are shown."
    )
    questions = serializers.IntegerField(help_text="How many questions an attempt has.")
    time_limit_minutes = serializers.IntegerField(allow_null=True, help_text="null: no limit.")
    max_attempts = serializers.IntegerField(allow_null=True, help_text="null: unlimited.")
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True, help_text="null: unlimited.")
    required_lessons = RequiredLessonSerializer(
        many=True, help_text="Lessons to complete before starting."
    )
    can_start = serializers.BooleanField(
        help_text="POST to `start_url` now starts an attempt, or resumes `in_progress`."
    )
    cannot_start_reason = serializers.ChoiceField(
        choices=[blocker.value for blocker in StartBlocker],
        allow_null=True,
        help_text="Why not (null when you can): closed: not open; not_enrolled: enrol (again) "
        "first; lessons_required: complete `required_lessons` first; no_attempts_left; "
        "no_questions: none yet.",
    )
    in_progress = serializers.UUIDField(allow_null=True, help_text="Your attempt in progress.")
    grade = KeptGradeSerializer(
        allow_null=True, help_text="Your kept grade (by `grading_method`); null before any."
    )
    best_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Your best graded attempt."
    )
    start_url = serializers.URLField(help_text="POST here to start an attempt.")
    attempts_url = serializers.URLField(help_text="GET here for your attempt history.")


class AttemptSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AttemptStatus.choices)
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    score = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, help_text="null until graded."
    )
    max_score = serializers.DecimalField(max_digits=10, decimal_places=2)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    url = serializers.URLField(help_text="The attempt (its questions and your answers).")
    result_url = serializers.URLField(allow_null=True, help_text="null while in progress.")


class AssessmentGradeSerializer(serializers.Serializer):
    assessment = serializers.UUIDField()
    title = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    pass_mark = serializers.IntegerField(min_value=0, max_value=100)
    required_for_certificate = serializers.BooleanField()
    grade = KeptGradeSerializer(allow_null=True, help_text="null: not graded yet.")


class CourseGradeSummarySerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    passed = serializers.BooleanField()


class CourseGradesSerializer(serializers.Serializer):
    course = serializers.SlugField()
    grade = CourseGradeSummarySerializer(
        allow_null=True, help_text="Your course grade (weighted); null before any."
    )
    assessments = AssessmentGradeSerializer(many=True)
