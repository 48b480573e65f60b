from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle

from accounts import services
from accounts.rest_api.serializers import MeSerializer


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in learner's own profile. Email and roles are read-only."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        serializer.instance = services.user_update_profile(
            user=self.request.user, **serializer.validated_data
        )


@extend_schema(tags=["auth"])
class TokenView(ObtainAuthToken):
    """Exchange email and password for an API token (the `username` field takes the email)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
