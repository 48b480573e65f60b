from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
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

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the token you are using (or all of yours when signed in by session)."""
        if not request.user.is_authenticated:
            raise NotAuthenticated
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
