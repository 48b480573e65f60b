"""The query of CASE's getAllCFDocuments (GET /ims/case/v1p1/CFDocuments): paging with `limit`
and `offset`, `sort` and `orderBy`, `filter` and `fields`, as the CASE 1.1 REST binding defines
them (the same as 1EdTech's OneRoster). Anything that cannot be honoured is refused with a 400
status body naming the parameter, never ignored.

`filter` is one predicate, or several joined all by " AND " or all by " OR " (outside the
quotes: a value may contain them): a CFDocument field, an operator (=, !=, >, >=, <, <=, ~ for
"contains", case-insensitive) and a value in single quotes, e.g. `title~'trade' AND
adoptionStatus='Adopted'`. The ordering operators apply to text and date fields only, ~ to text
fields; = with a value no framework can have (`adoptionStatus='Draft'`) matches none, != with
one matches all.
"""

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.utils.dateparse import parse_datetime

from competencies import selectors
from competencies.interchange.case_export import ADOPTION_STATUS, document_to_case
from competencies.rest_api.case_status import CaseError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000  # a larger limit is served as this many (the binding lets a provider cap it)
MAX_WHOLE = 10**9  # the largest limit or offset taken: beyond, databases overflow or refuse
# ASCII digits only (str.isdigit takes "²", which int() refuses); leading zeros aside, ten of
# them at most, so that int() never meets a number too long to convert.
WHOLE = re.compile(r"0*([0-9]{1,10})")
# The CFDocument fields one may sort and filter by, and the column each is.
COLUMNS = {
    "identifier": "uuid",
    "title": "title",
    "publisher": "publisher",
    "version": "version",
    "language": "language",
    "adoptionStatus": "status",
    "lastChangeDateTime": "updated_at",
}
TEXT_FIELDS = {"title", "publisher", "version", "language"}
ORDERED_FIELDS = {*TEXT_FIELDS, "lastChangeDateTime"}  # what >, >=, <, <= compare
# The members of a standalone CFDocument as served (see case_export.document_to_case).
DOCUMENT_FIELDS = {
    *COLUMNS,
    "uri",
    "caseVersion",
    "creator",
    "notes",
    "CFPackageURI",
}
LOOKUPS = {"=": "exact", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte", "~": "icontains"}
PREDICATE = re.compile(r"\s*([A-Za-z]+)\s*(!=|>=|<=|=|>|<|~)\s*'([^']*)'\s*")
# A quoted value (skipped whole) or a joiner: finding both, left to right, splits a filter
# only outside its values.
QUOTED_OR_JOINER = re.compile(r"'[^']*'| (AND|OR) ")
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)  # not Q(): an empty Q is dropped from an OR
STATUS_OF = {name: status for status, name in ADOPTION_STATUS.items()}


@dataclass(frozen=True)
class DocumentQuery:
    limit: int
    offset: int
    ordering: tuple[str, ...]
    condition: Q
    fields: tuple[str, ...] | None  # the CFDocument members to answer with; None: all


def document_query(params) -> DocumentQuery:
    """The listing asked for by these query parameters (a QueryDict or dict), or CaseError."""
    return DocumentQuery(
        limit=min(_whole(params, "limit", DEFAULT_LIMIT, minimum=1), MAX_LIMIT),
        offset=_whole(params, "offset", 0, minimum=0),
        ordering=_ordering(params.get("sort"), params.get("orderBy")),
        condition=_condition(params.get("filter")),
        fields=_fields(params.get("fields")),
    )


def document_page(query: DocumentQuery) -> tuple[list[dict], int]:
    """The page of CFDocuments (with only the fields asked for) and how many match in all; 404
    when the page is empty, as CASE's document set holds at least one. Two queries at most: the
    page, and the count only when the page is full."""
    frameworks = selectors.case_frameworks().filter(query.condition).order_by(*query.ordering)
    page = list(frameworks[query.offset : query.offset + query.limit])
    if not page:
        raise CaseError(404, "Unknown Object: no CFDocuments", minor="unknownobject")
    total = frameworks.count() if len(page) == query.limit else query.offset + len(page)
    documents = [document_to_case(framework) for framework in page]
    if query.fields is not None:
        documents = [{name: document[name] for name in query.fields} for document in documents]
    return documents, total


def _refuse(field: str, description: str, minor: str = "invalid_selection_field") -> CaseError:
    return CaseError(400, description, field=field, minor=minor)


def _whole(params, name: str, default: int, *, minimum: int) -> int:
    """The parameter as a whole number from `minimum` to MAX_WHOLE, or 400."""
    text = params.get(name)
    if text is None:
        return default
    match = WHOLE.fullmatch(text)
    if match is None or not minimum <= int(match[1]) <= MAX_WHOLE:
        raise _refuse(name, f"{name} must be a whole number from {minimum} to {MAX_WHOLE}")
    return int(match[1])


def _ordering(sort: str | None, order_by: str | None) -> tuple[str, ...]:
    """Columns to order by, the uuid last so that pages never overlap."""
    if order_by not in (None, "asc", "desc"):
        raise _refuse("orderBy", "orderBy must be asc or desc", "invalid_sort_field")
    if sort is None:
        column = "title"
    elif sort in COLUMNS:
        column = COLUMNS[sort]
    else:
        raise _refuse("sort", f"Cannot sort by {sort!r}", "invalid_sort_field")
    sign = "-" if order_by == "desc" else ""
    return (sign + column, sign + "uuid")


def _condition(text: str | None) -> Q:
    """What the `filter` asks for: its predicates, all ANDed or all ORed."""
    if text is None:
        return Q()
    parts, joiners = _split(text)
    if len(joiners) > 1:
        raise _refuse("filter", "A filter joins its predicates all by AND or all by OR")
    predicates = [_predicate(part) for part in parts]
    condition = predicates[0]
    for predicate in predicates[1:]:
        condition = condition | predicate if joiners == {"OR"} else condition & predicate
    return condition


def _split(text: str) -> tuple[list[str], set[str]]:
    """The filter's predicates and the joiners between them (" AND ", " OR ") found outside
    quoted values."""
    parts, joiners, start = [], set(), 0
    for match in QUOTED_OR_JOINER.finditer(text):
        if match[1] is not None:
            parts.append(text[start : match.start()])
            joiners.add(match[1])
            start = match.end()
    return [*parts, text[start:]], joiners


def _predicate(text: str) -> Q:
    match = PREDICATE.fullmatch(text)
    if match is None:
        raise _refuse("filter", f"Not a predicate (field, operator, 'value'): {text.strip()!r}")
    name, operator, value = match.groups()
    if name not in COLUMNS:
        raise _refuse("filter", f"Cannot filter by {name!r}")
    column = COLUMNS[name]
    if operator == "~":
        if name not in TEXT_FIELDS:
            raise _refuse("filter", f"~ (contains) applies to text fields, not {name!r}")
        return Q(**{f"{column}__icontains": value})
    if operator not in ("=", "!=") and name not in ORDERED_FIELDS:
        raise _refuse("filter", f"{operator} applies to text and date fields, not {name!r}")
    value = _column_value(name, value)
    if value is None:  # a value no framework has, such as the status "Draft"
        return EVERYTHING if operator == "!=" else NOTHING
    if operator == "!=":
        return ~Q(**{column: value})
    return Q(**{f"{column}__{LOOKUPS[operator]}": value})


def _column_value(name: str, value: str):
    """The value as stored in the column; None if no served framework can have it."""
    if name == "adoptionStatus":
        return STATUS_OF.get(value)
    if name == "identifier":
        try:
            return uuid.UUID(value)
        except ValueError:
            return None
    if name == "lastChangeDateTime":
        moment = parse_datetime(value)
        if moment is None or moment.tzinfo is None:
            raise _refuse("filter", f"Not a date and time with a time zone: {value!r}")
        return moment
    return value


def _fields(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    names = tuple(name.strip() for name in text.split(","))
    unknown = [name for name in names if name not in DOCUMENT_FIELDS]
    if unknown:
        raise _refuse("fields", f"Not CFDocument fields: {', '.join(unknown)}")
    return names


def page_links(path: str, params, query: DocumentQuery, total: int) -> str:
    """The Link header (RFC 8288) to the first, previous, next and last pages, on SITE_URL."""
    last = max(total - 1, 0) // query.limit * query.limit
    offsets = {"first": 0, "last": last}
    if query.offset > 0:
        offsets["prev"] = max(query.offset - query.limit, 0)
    if query.offset + query.limit < total:
        offsets["next"] = query.offset + query.limit
    kept = [(name, value) for name, value in params.items() if name not in ("limit", "offset")]
    links = []
    for relation, offset in offsets.items():
        page = urlencode([*kept, ("limit", query.limit), ("offset", offset)])
        links.append(f'<{settings.SITE_URL}{path}?{page}>; rel="{relation}"')
    return ", ".join(links)
