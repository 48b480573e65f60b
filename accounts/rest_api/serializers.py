from django.conf import settings
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from accounts.validators import (
    FULL_NAME_MAX_LENGTH,
    normalize_full_name,
    time_zone_names,
    validate_full_name,
)


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers and booleans instead of turning them into text."""

    default_error_messages = {"invalid": "Not a valid string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MeSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = StrictCharField(max_length=FULL_NAME_MAX_LENGTH)
    country = CountryField(allow_blank=True, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    time_zone = serializers.ChoiceField(choices=time_zone_names(), required=False)
    is_staff = serializers.BooleanField(read_only=True)
    is_instructor = serializers.BooleanField(read_only=True)
    date_joined = serializers.DateTimeField(read_only=True)

    def validate_full_name(self, value: str) -> str:
        value = normalize_full_name(value)
        try:
            validate_full_name(value)
        except Exception as error:  # Django's ValidationError -> DRF's
            raise serializers.ValidationError(list(error.messages)) from error
        return value
