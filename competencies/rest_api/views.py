"""IMS CASE 1.1 provider endpoints: public, no authentication."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from competencies import selectors
from competencies.interchange.case_export import framework_to_case


class CasePackageView(APIView):
    """IMS CASE 1.1: GET /ims/case/v1p1/CFPackages/{sourcedId}. Public, no authentication."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["ims-case"])
    def get(self, request, uuid):
        """The framework as a CASE CFPackage: CFDocument, CFItems and isChildOf CFAssociations."""
        framework = selectors.published_framework(uuid)
        if framework is None:
            raise Http404
        base_url = request.build_absolute_uri("/").rstrip("/")
        return Response(framework_to_case(framework, base_url=base_url))


class CaseItemView(APIView):
    """IMS CASE 1.1: GET /ims/case/v1p1/CFItems/{sourcedId}, so alignments resolve."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["ims-case"])
    def get(self, request, uuid):
        """A competency of a published framework as a CASE CFItem."""
        competency = selectors.published_competency(uuid)
        if competency is None:
            raise Http404
        package = framework_to_case(
            competency.framework, base_url=request.build_absolute_uri("/").rstrip("/")
        )
        return Response(next(i for i in package["CFItems"] if i["identifier"] == str(uuid)))
