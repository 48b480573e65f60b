"""IMS CASE 1.1 provider: the read endpoints of the CASE service under /ims/case/v1p1/.
Public, no authentication, readable from any origin (browser CASE tools). Published frameworks
are served as "Adopted", retired ones as "Deprecated" (issued credentials align to their items),
drafts never. Every failure is a CASE status body (see case_status)."""

import uuid

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


def case_schema(
    operation_id: str, body: str, *errors: int, parameters=(), headers=(), description=None
):
    """The OpenAPI description of a CASE read (named as CASE names it), for a view class: its
    200 body (with its `headers`) and its status bodies; `description` if not the docstring's."""
    responses = {200: OpenApiResponse(OpenApiTypes.OBJECT, description=body)}
    named = extend_schema(
        operation_id=operation_id,
        description=description,
        tags=TAGS,
        parameters=[*parameters, *headers],
        responses={**responses, **error_responses(*errors, 405)},
    )
    return extend_schema_view(get=named)


def response_header(name: str, description: str) -> OpenApiParameter:
    """A header of the 200 response."""
    return OpenApiParameter(
        name, str, OpenApiParameter.HEADER, description=description, response=[200]
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


@case_schema(
    "getAllCFDocuments",
    "CFDocumentSet",
    400,
    404,
    parameters=[
        OpenApiParameter("limit", int, description="1 to 1000, default 100"),
        OpenApiParameter("offset", int, description="default 0, at most 10⁹"),
        OpenApiParameter("sort", str, description=", ".join(case_query.COLUMNS)),
        OpenApiParameter("orderBy", str, enum=["asc", "desc"]),
        OpenApiParameter("filter", str, description="e.g. title~'trade' AND version='2.1'"),
        OpenApiParameter("fields", str, description="CFDocument members, comma-separated"),
    ],
    headers=[
        response_header("X-Total-Count", "How many CFDocuments match in all"),
        response_header("Link", "The first, prev, next and last pages (RFC 8288)"),
    ],
)
class CaseDocumentListView(CaseView):
    def get(self, request):
        """A page of CFDocuments; an empty page is 404 (CASE's set holds at least one)."""
        query = case_query.document_query(request.query_params)
        page, total = case_query.document_page(query)
        response = Response({"CFDocuments": page})
        response["X-Total-Count"] = str(total)
        response["Link"] = case_query.page_links(request.path, request.query_params, query, total)
        return response


class CaseObjectView(CaseView):
    """A CASE object by its sourcedId: `lookup` finds it (None: 404 unknown object, named as
    `kind`), `render` answers with it."""

    kind = ""

    def get(self, request, sourcedId):
        """The object with this sourcedId; else a 404 status body, `unknownobject` (or
        `invalid_uuid` for a malformed sourcedId)."""
        identifier = sourced_id(sourcedId)
        found = self.lookup(identifier)
        if found is None:
            raise unknown_object(identifier, self.kind)
        return Response(self.render(found))

    def lookup(self, identifier: uuid.UUID):
        """The object with this sourcedId, or None."""
        return None

    def render(self, found) -> dict:
        """The CASE JSON of the object found."""
        raise NotImplementedError


@case_schema("getCFDocument", "CFDocument, with its CFPackageURI", 404)
class CaseDocumentView(CaseObjectView):
    kind = "CFDocument"
    lookup = staticmethod(selectors.case_framework)
    render = staticmethod(case_export.document_to_case)


@case_schema("getCFPackage", "CFPackage: CFDocument, CFItems, CFAssociations, CFDefinitions", 404)
class CasePackageView(CaseObjectView):
    kind = "CFPackage"
    lookup = staticmethod(selectors.case_framework)
    render = staticmethod(case_export.framework_to_case)


@case_schema("getCFItem", "CFItem, with its CFDocumentURI (what alignments point at)", 404)
class CaseItemView(CaseObjectView):
    kind = "CFItem"
    lookup = staticmethod(selectors.case_competency)
    render = staticmethod(case_export.competency_to_case)


@case_schema("getCFAssociation", "CFAssociation (isChildOf), with its CFDocumentURI", 404)
class CaseAssociationView(CaseObjectView):
    kind = "CFAssociation"

    def lookup(self, identifier):
        """The competency the association's identifier derives from (one query)."""
        return selectors.case_competency(case_export.child_of_item(identifier), with_parent=True)

    def render(self, competency):
        sequence = selectors.sibling_position(competency)
        return case_export.child_of_to_case(competency, sequence=sequence, standalone=True)


@case_schema(
    "getCFItemAssociations",
    "CFAssociationSet: the CFItem and its associations",
    404,
    description="The item's isChildOf association and those of its children, which point at it.",
)
class CaseItemAssociationsView(CaseObjectView):
    kind = "CFItem"

    def lookup(self, identifier):
        return selectors.case_competency(identifier, with_parent=True)

    render = staticmethod(case_export.item_associations_to_case)


@case_schema("getCFItemType", "CFItemTypeSet: the item type", 404)
class CaseItemTypeView(CaseObjectView):
    kind = "CFItemType"
    lookup = staticmethod(case_export.ITEM_TYPES.get)

    def render(self, item_type):
        return {"CFItemTypes": [case_export.item_type_to_case(item_type)]}


def undefined_view(kind: str):
    """The view of one kind of definition we have none of (concepts, subjects, licenses,
    association groupings, rubrics), e.g. "CFRubrics" (getCFRubric): every sourcedId is
    unknown, as the base lookup finds nothing."""
    view = type(f"Case{kind}View", (CaseObjectView,), {"kind": kind})
    named = extend_schema(
        operation_id=f"get{kind.removesuffix('s')}",
        description=f"We define no {kind}: every sourcedId is unknown (404).",
        tags=TAGS,
        responses=error_responses(404, 405),
    )
    return extend_schema_view(get=named)(view).as_view()


@public_cors
def case_not_found(request, rest: str):
    """Any other path under /ims/case/v1p1/: a status body, not an HTML page."""
    error = CaseError(404, f"Unknown CASE path: {rest}", field="path", minor="unknownobject")
    return JsonResponse(error.body, status=error.status)
