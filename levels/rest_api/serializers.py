"""What the levels API returns and accepts. Output serializers document plain dicts built by the
views; the one input serializer checks types only (the rules live in `levels.services`)."""

from rest_framework import serializers

from certificates import api as certificates
from levels.models import ApplicationStatus, ClaimStatus, CredentialStatus


class NextCourseSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    language = serializers.CharField(help_text="BCP 47 tag of the course's content.")
    url = serializers.URLField(help_text="The course page.")


class LevelRuleSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["competency", "course", "study", "experience", "exam"],
        help_text="What the rule asks for.",
    )
    label = serializers.CharField(help_text="The rule in words, in your language.")
    met = serializers.BooleanField(
        allow_null=True, help_text="Whether you meet it; null when you are not signed in."
    )
    detail = serializers.CharField(help_text="What you have shown so far (may be empty).")
    next_courses = NextCourseSerializer(
        many=True,
        help_text="Courses that would meet a missing competency or certificate rule, the "
        "version in your language first; empty otherwise.",
    )


class ExamUnitSerializer(serializers.Serializer):
    name = serializers.CharField()
    weight = serializers.IntegerField(help_text="Weight in the exam's score (%).")
    min_percent = serializers.IntegerField(help_text="The minimum score of this unit (%).")


class LevelExamSerializer(serializers.Serializer):
    assessment = serializers.UUIDField(
        help_text="Start it with POST /api/v1/assessments/{uuid}/attempts/ (enrolled in `course`)."
    )
    course = serializers.SlugField(help_text="The course that holds the exam.")
    title = serializers.CharField()
    pass_mark = serializers.IntegerField(help_text="Weighted score needed to pass (%).")
    units = ExamUnitSerializer(many=True, help_text="The blueprint, heaviest unit first.")


class EquivalenceSerializer(serializers.Serializer):
    framework = serializers.CharField(help_text="e.g. European Qualifications Framework.")
    code = serializers.CharField(help_text="The level in that framework.")
    url = serializers.CharField(help_text="A link about it (may be empty).")


class ApplicationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ApplicationStatus.choices,
        help_text="waiting (for the rules to be met), in_review (for an assessor), awarded or "
        "rejected.",
    )
    applied_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField(help_text="The assessor's reason (may be empty).")


class CredentialLinkSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=CredentialStatus.values)
    issued_on = serializers.DateField()
    verify_url = serializers.URLField(help_text="The public verify page (share it).")
    json_url = serializers.URLField(help_text="The public verify record as JSON.")


class UnitScoreSerializer(serializers.Serializer):
    name = serializers.CharField()
    weight = serializers.IntegerField()
    min_percent = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    passed = serializers.BooleanField()


class ExamResultSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Weighted score.")
    passed = serializers.BooleanField()
    units = UnitScoreSerializer(many=True)


class MyLevelSerializer(serializers.Serializer):
    rules_met = serializers.BooleanField(help_text="Every rule is met.")
    held = serializers.BooleanField(help_text="You hold a valid credential for this level.")
    can_apply = serializers.BooleanField(
        help_text="Not held, and no application yet (open or decided)."
    )
    exam_open = serializers.BooleanField(
        help_text="The level has an exam and every other rule is met: the exam is the next step."
    )
    application = ApplicationSerializer(
        allow_null=True, help_text="Your open application, else your latest decided one."
    )
    credential = CredentialLinkSerializer(allow_null=True)
    exam_result = ExamResultSerializer(allow_null=True, help_text="Your best level exam result.")


class LadderLevelSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 for the first level.")
    name = serializers.CharField()
    description_html = serializers.CharField(help_text="Sanitized HTML rendered from Markdown.")
    needs_review = serializers.BooleanField(help_text="An assessor approves each award.")
    rules = LevelRuleSerializer(many=True)
    exam = LevelExamSerializer(allow_null=True)
    equivalences = EquivalenceSerializer(many=True)
    mine = MyLevelSerializer(allow_null=True, help_text="Your path; null when not signed in.")


class LadderSerializer(serializers.Serializer):
    role = serializers.SlugField()
    role_name = serializers.CharField()
    levels = LadderLevelSerializer(many=True)


class AppliedSerializer(ApplicationSerializer):
    credential = CredentialLinkSerializer(allow_null=True, help_text="When awarded.")


class LevelCredentialSerializer(CredentialLinkSerializer):
    role = serializers.SlugField()
    role_name = serializers.CharField(help_text="As written on the credential.")
    level = serializers.IntegerField(help_text="The level's rank.")
    level_name = serializers.CharField(help_text="As written on the credential.")
    image_url = serializers.URLField(allow_null=True, help_text="The PNG, once rendered.")
    pdf_url = serializers.URLField(
        allow_null=True, help_text="Your PDF once rendered (a browser signed in to the site)."
    )
    jwt_url = serializers.URLField(
        allow_null=True,
        help_text="Your signed Open Badges 3.0 credential (a browser signed in to the site).",
    )
    downloads = certificates.DownloadsSerializer()


class ExperienceSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    role = serializers.SlugField()
    employer = serializers.CharField()
    job_title = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True, help_text="null: ongoing.")
    status = serializers.ChoiceField(
        choices=ClaimStatus.choices, help_text="pending (for an assessor), attested or rejected."
    )
    review_reason = serializers.CharField(help_text="The assessor's reason (may be empty).")
    declared_at = serializers.DateTimeField()


class ExperienceInputSerializer(serializers.Serializer):
    role = serializers.SlugField(help_text="A role of a published framework.")
    employer = serializers.CharField(max_length=200, allow_blank=True)
    job_title = serializers.CharField(max_length=200, allow_blank=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(
        required=False, allow_null=True, help_text="Leave out or empty while the job goes on."
    )
    evidence = serializers.FileField(
        required=False,
        help_text="A letter or contract (PDF or Word .docx); only you and the assessors see it.",
    )
