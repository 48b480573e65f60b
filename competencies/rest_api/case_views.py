"""IMS CASE 1.1 provider: the read endpoints of the CASE service under /ims/case/v1p1/.
Public, no authentication, readable from any origin (browser CASE tools). Published frameworks
are served as "Adopted", retired ones as "Deprecated" (issued credentials align to their items),
drafts never. Every failure is a CASE status body (see case_status)."""

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from competencies import selectors
from competencies.interchange import case_export
from competencies.rest_api import case_query
from competencies.rest_api.case_status import (
    CaseError,
    error_responses,
    from_api_exception,
    sourced_id,
    unknown_object,
)
from core.cors import public_cors

TAGS = ["ims-case"]


def case_schema(operation_id: str, body: str, *errors: int, parameters=None):
    """The OpenAPI description of a CASE read (named as CASE names it): its 200 body and its
    status bodies."""
    responses = {200: OpenApiResponse(OpenApiTypes.OBJECT, description=body)}
    return extend_schema(
        operation_id=operation_id,
        tags=TAGS,
        parameters=parameters,
        responses={**responses, **error_responses(*errors, 405)},
    )


class CaseView(APIView):
    """A CASE endpoint: JSON only, public, CORS-readable, status bodies for every refusal."""

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [JSONRenderer]

    @classmethod
    def as_view(cls, **initkwargs):
        return public_cors(super().as_view(**initkwargs))

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.APIException):
            exc = from_api_exception(exc)
        if isinstance(exc, CaseError):
            return Response(exc.body, status=exc.status)
        return super().handle_exception(exc)


class CaseDocumentListView(CaseView):
    @case_schema(
        "getAllCFDocuments",
        "CFDocumentSet; X-Total-Count and Link (first, prev, next, last) headers",
        400,
        404,
        parameters=[
            OpenApiParameter("limit", int, description="1 to 1000, default 100"),
            OpenApiParameter("offset", int, description="default 0"),
            OpenApiParameter("sort", str, description=", ".join(case_query.COLUMNS)),
            OpenApiParameter("orderBy", str, enum=["asc", "desc"]),
            OpenApiParameter("filter", str, description="e.g. title~'trade' AND version='2.1'"),
            OpenApiParameter("fields", str, description="CFDocument members, comma-separated"),
        ],
    )
    def get(self, request):
        """A page of CFDocuments; an empty page is 404 (CASE's set holds at least one)."""
        query = case_query.document_query(request.query_params)
        page, total = case_query.document_page(query)
        response = Response({"CFDocuments": page})
        response["X-Total-Count"] = str(total)
        response["Link"] = case_query.page_links(request.path, request.query_params, query, total)
        return response


class CaseDocumentView(CaseView):
    @case_schema("getCFDocument", "CFDocument, with its CFPackageURI", 404)
    def get(self, request, sourcedId):
        identifier = sourced_id(sourcedId)
        framework = selectors.case_framework(identifier)
        if framework is None:
            raise unknown_object(identifier, "CFDocument")
        return Response(case_export.document_to_case(framework))


class CasePackageView(CaseView):
    @case_schema(
        "getCFPackage", "CFPackage: CFDocument, CFItems, CFAssociations, CFDefinitions", 404
    )
    def get(self, request, sourcedId):
        identifier = sourced_id(sourcedId)
        framework = selectors.case_framework(identifier)
        if framework is None:
            raise unknown_object(identifier, "CFPackage")
        return Response(case_export.framework_to_case(framework))


class CaseItemView(CaseView):
    @case_schema("getCFItem", "CFItem, with its CFDocumentURI (what alignments point at)", 404)
    def get(self, request, sourcedId):
        identifier = sourced_id(sourcedId)
        competency = selectors.case_competency(identifier)
        if competency is None:
            raise unknown_object(identifier, "CFItem")
        return Response(case_export.competency_to_case(competency))


class CaseAssociationView(CaseView):
    @case_schema("getCFAssociation", "CFAssociation (isChildOf), with its CFDocumentURI", 404)
    def get(self, request, sourcedId):
        identifier = sourced_id(sourcedId)
        competency = case_export.child_of_competency(identifier)
        if competency is None:
            raise unknown_object(identifier, "CFAssociation")
        sequence = selectors.sibling_position(competency)
        return Response(
            case_export.child_of_to_case(competency, sequence=sequence, standalone=True)
        )


class CaseItemAssociationsView(CaseView):
    @case_schema("getCFItemAssociations", "CFAssociationSet: the CFItem and its associations", 404)
    def get(self, request, sourcedId):
        """The item's isChildOf association and those of its children, which point at it."""
        identifier = sourced_id(sourcedId)
        competency = selectors.case_competency(identifier, with_parent=True)
        if competency is None:
            raise unknown_object(identifier, "CFItem")
        return Response(case_export.item_associations_to_case(competency))


class CaseItemTypeView(CaseView):
    @case_schema("getCFItemType", "CFItemTypeSet: the item type", 404)
    def get(self, request, sourcedId):
        identifier = sourced_id(sourcedId)
        item_type = case_export.ITEM_TYPES.get(identifier)
        if item_type is None:
            raise unknown_object(identifier, "CFItemType")
        return Response({"CFItemTypes": [case_export.item_type_to_case(item_type)]})


class CaseUndefinedView(CaseView):
    """The definitions this site has none of (concepts, subjects, licenses, association
    groupings, rubrics): every sourcedId is unknown."""

    kind = ""

    @extend_schema(tags=TAGS, responses=error_responses(404, 405))
    def get(self, request, sourcedId):
        raise unknown_object(sourced_id(sourcedId), self.kind)


def undefined_view(kind: str):
    """The view of one kind of definition we have none of, e.g. "CFRubrics" (getCFRubric)."""
    view = type(f"Case{kind}View", (CaseUndefinedView,), {"kind": kind})
    named = extend_schema(operation_id=f"get{kind.removesuffix('s')}", tags=TAGS)
    return extend_schema_view(get=named)(view).as_view()


@public_cors
def case_not_found(request, rest: str):
    """Any other path under /ims/case/v1p1/: a status body, not an HTML page."""
    error = CaseError(404, f"Unknown CASE path: {rest}", field="path", minor="unknownobject")
    return JsonResponse(error.body, status=error.status)
