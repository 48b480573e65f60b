from rest_framework import serializers


class ChoiceSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Opaque, new for every attempt.")
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.CharField()
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
    status = serializers.CharField()
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
    status = serializers.CharField()
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
