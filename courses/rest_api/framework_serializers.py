from rest_framework import serializers


class FrameworkSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    version = serializers.CharField()
    language = serializers.CharField()


class LevelSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    is_proficient = serializers.BooleanField()


class TaughtBySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    level = serializers.IntegerField(help_text="Target level rank.")


class CompetencyNodeSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    courses = TaughtBySerializer(many=True, help_text="The first course families teaching it.")
    courses_total = serializers.IntegerField(help_text="The course families teaching it.")
    children = serializers.ListField(child=serializers.DictField(), help_text="Competencies below.")


class FrameworkSerializer(FrameworkSummarySerializer):
    description = serializers.CharField()
    levels = LevelSerializer(many=True)
    competencies = CompetencyNodeSerializer(many=True)


class RoleSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    framework = serializers.UUIDField(source="framework.uuid")


class RequirementSerializer(serializers.Serializer):
    competency = serializers.CharField(help_text="Competency code.")
    title = serializers.CharField()
    level = serializers.IntegerField(help_text="Required level rank.")
    level_name = serializers.CharField()
    courses = serializers.ListField(
        child=serializers.SlugField(), help_text="The first course families teaching it."
    )
    courses_total = serializers.IntegerField(
        help_text="The course families teaching it to the level."
    )


class RoleSerializer(RoleSummarySerializer):
    framework = serializers.UUIDField()
    description = serializers.CharField()
    requirements = RequirementSerializer(many=True)


class GoalSerializer(serializers.Serializer):
    role = RoleSummarySerializer(
        allow_null=True, help_text="The target role you work towards; null: no goal."
    )


class GoalInputSerializer(serializers.Serializer):
    role = serializers.SlugField(help_text="A published role's slug (see /api/v1/roles/).")
