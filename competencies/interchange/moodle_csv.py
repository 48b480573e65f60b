"""Competency frameworks as Moodle CSV, the format of Moodle's admin tool `tool_lpimportcsv`.

The file is RFC 4180 CSV: a header row of the 14 columns in HEADER, one framework row
(Is framework = 1) and one row per competency, parents before children in tree order.

The header is read in current Moodle's wording ("Parent ID number", "ID number", "Short name"…)
and in the older one ("Parent id number", "Id number", "Shortname"…); export writes the current.

The framework row carries ID number (our export writes the framework's uuid), Short name (title),
Description, the proficiency scale as Scale values (level names, lowest first, comma-separated)
and Scale configuration (JSON: `[{"scaleid": …}, {"id": 1, "scaledefault": 0|1,
"proficient": 0|1}, …]`, ids being 1-based positions in Scale values), and Taxonomy (one
"competency" per depth of the tree).

Moodle flags every scale value that counts as proficient; this site's scale has one threshold,
the level at which a competency counts as demonstrated, and every level above it counts too. So
export flags the threshold level and all above it (and makes the threshold Moodle's default
value), and import takes the lowest flagged value as the threshold and refuses flags that are not
one value plus every value above it.

A competency row (Is framework 0, or empty) carries Parent ID number (the parent's code, empty
at the top), ID number (the code, up to Moodle's 100 characters), Short name (title) and
Description. Import keeps the file's
order among siblings, ignores rules, cross-references, exported ids and taxonomies (this site has
none of them), accepts description formats 0, 1, 2 and 4 and stores descriptions as they are.
Moodle has no publisher, version or language: an imported framework gets "", "" and "en" (set its
language tag in the admin after import; export writes none). If
the framework's ID number is a uuid no framework here uses, the imported framework keeps it, so
a file exported here imports back identical.
"""

import csv
import io
import json
import uuid
from collections import Counter
from typing import NamedTuple

from django.utils.translation import gettext as _

from competencies.interchange import (
    CODE_MAX,
    LEVEL_NAME_MAX,
    TITLE_MAX,
    CompetencyDraft,
    framework_save,
    parent_cycle,
)
from competencies.interchange.errors import FrameworkImportError
from competencies.models import (
    CODE_FORBIDDEN,
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    ProficiencyLevel,
)

# What current Moodle writes (tool_lpimportcsv's English strings) and what Moodle 3.1 to 4.x
# wrote; both are read, the current one is written.
HEADER = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]
OLDER_HEADER = [
    "Parent id number",
    "Id number",
    "Shortname",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross referenced competency id numbers",
    "Exported id (optional)",
    "Is framework",
    "Taxonomy",
]


def _header_key(cell: str) -> str:
    """A header cell as letters only, without "(optional)": "Cross-referenced competency ID
    numbers (optional)" and "Cross referenced competency id numbers" are the same column."""
    letters = "".join(character for character in cell.lower() if character.isalnum())
    return letters.removesuffix("optional")


HEADER_KEYS = [_header_key(cell) for cell in HEADER]


MARKDOWN = "4"
DESCRIPTION_FORMATS = ("0", "1", "2", "4")  # Moodle auto-format, HTML, plain text, Markdown


class Row(NamedTuple):
    """One data row; `number` is its 1-based position in the file, the header being row 1."""

    number: int
    parent: str
    idnumber: str
    shortname: str
    description: str
    description_format: str
    scale_values: str
    scale_configuration: str
    rule_type: str
    rule_outcome: str
    rule_config: str
    related_idnumbers: str
    exported_id: str
    is_framework: str
    taxonomy: str


# Export ----------------------------------------------------------------------------------------


def framework_to_moodle_csv(framework: CompetencyFramework) -> str:
    """The framework as Moodle CSV text (CRLF line ends, fields quoted only where needed)."""
    levels = list(framework.levels.order_by("rank"))
    competencies = list(framework.competencies.order_by("tree_path"))
    _refuse_repeated_codes(competencies)
    codes = {competency.pk: competency.code for competency in competencies}
    depth = max((competency.depth + 1 for competency in competencies), default=0)

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerow(
        [
            "",
            str(framework.uuid),
            framework.title,
            framework.description,
            MARKDOWN,
            _scale_values(levels),
            _scale_configuration(levels),
            "",
            "",
            "",
            "",
            "",
            "1",
            ",".join(["competency"] * depth),
        ]
    )
    for number, competency in enumerate(competencies, start=1):
        writer.writerow(
            [
                codes.get(competency.parent_id, ""),
                competency.code,
                competency.title,
                competency.description,
                MARKDOWN,
                "",
                "",
                "",
                "",
                "null",
                "",
                str(number),
                "0",
                "",
            ]
        )
    return buffer.getvalue()


def _refuse_repeated_codes(competencies: list[Competency]) -> None:
    """Moodle's ID numbers are unique in a framework and name parents; codes may repeat here (as
    in CASE), so such a framework is refused, naming the codes to make unique."""
    repeated = sorted(code for code, n in Counter(c.code for c in competencies).items() if n > 1)
    if repeated:
        raise ValueError(
            _(
                "Moodle needs a different ID number for each competency: give these codes "
                "distinct values, then export again: %(codes)s."
            )
            % {"codes": ", ".join(repeated[:10]) + (", …" if len(repeated) > 10 else "")}
        )


def _scale_values(levels: list[ProficiencyLevel]) -> str:
    for level in levels:
        if "," in level.name:
            raise ValueError(
                f"Moodle separates scale values with commas: rename the level “{level.name}”."
            )
    return ",".join(level.name for level in levels)


def _scale_configuration(levels: list[ProficiencyLevel]) -> str:
    """Moodle refuses a scale with no default and no proficient value: a framework without a
    proficient level is refused here, with what to do."""
    threshold = next((level.rank for level in levels if level.is_proficient), None)
    if threshold is None:
        raise ValueError(
            "Moodle needs a proficient scale value: mark the level at which a competency counts "
            "as demonstrated as proficient, then export again."
        )
    entries: list[dict] = [{"scaleid": "0"}]
    for position, level in enumerate(levels, start=1):
        proficient = threshold is not None and level.rank >= threshold
        entries.append(
            {
                "id": position,
                "scaledefault": int(level.is_proficient),
                "proficient": int(proficient),
            }
        )
    return json.dumps(entries, separators=(",", ":"))


# Import ----------------------------------------------------------------------------------------

Errors = list[tuple[int, str]]  # (row number, problem); row 0 is the file as a whole


def framework_from_moodle_csv(text: str) -> CompetencyFramework:
    """Create a draft framework from Moodle CSV text, or raise FrameworkImportError listing every
    problem, in row order, with its row number."""
    errors: Errors = []
    rows = _read_rows(text, errors)
    framework_row, competency_rows = _split_rows(rows, errors)
    framework = _framework(framework_row, errors) if framework_row else None
    levels = _levels(framework_row, errors) if framework_row else []
    rows_by_code = _check_competency_rows(competency_rows, errors)
    _check_parents(competency_rows, rows_by_code, errors)
    if errors or framework is None:
        errors.sort(key=lambda error: error[0])
        raise FrameworkImportError(
            [f"row {number}: {problem}" if number else problem for number, problem in errors]
        )
    return framework_save(
        framework=framework, levels=levels, competencies=_competencies(competency_rows)
    )


def _read_rows(text: str, errors: Errors) -> list[Row]:
    """The data rows, skipping empty ones. Without the exact header the columns are unknown, so
    that problem alone is reported."""
    records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    if not records or [_header_key(cell) for cell in records[0]] != HEADER_KEYS:
        raise FrameworkImportError(
            [f"row 1: the header must be Moodle's: {', '.join(HEADER)} (or its older wording)"]
        )
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(HEADER):
            errors.append((number, f"has {len(record)} columns instead of {len(HEADER)}"))
            continue
        rows.append(Row(number, *record))
    return rows


def _split_rows(rows: list[Row], errors: Errors) -> tuple[Row | None, list[Row]]:
    """The one framework row (Is framework = 1) and the competency rows (0 or empty)."""
    framework_rows, competency_rows = [], []
    for row in rows:
        flag = row.is_framework.strip()
        if flag == "1":
            framework_rows.append(row)
        elif flag in ("0", ""):
            competency_rows.append(row)
        else:
            errors.append((row.number, f"Is framework must be 1 or 0, not {flag!r}"))
    if not framework_rows:
        errors.append((0, "there is no framework row (a row with Is framework = 1)"))
        return None, competency_rows
    first = framework_rows[0]
    for row in framework_rows[1:]:
        errors.append(
            (
                row.number,
                f"a second framework row (the first is row {first.number}); "
                "a file holds one framework",
            )
        )
    return first, competency_rows


def _framework(row: Row, errors: Errors) -> CompetencyFramework:
    _check_title_and_format(row, errors)
    if row.parent.strip():
        errors.append((row.number, "the framework row cannot have a Parent ID number"))
    return CompetencyFramework(
        uuid=_framework_uuid(row.idnumber.strip()),
        title=row.shortname.strip(),
        description=row.description,
        status=FrameworkStatus.DRAFT,
        publisher="",
        version="",
        language="en",
    )


def _framework_uuid(idnumber: str) -> uuid.UUID:
    """The ID number if it is a uuid no framework here has (a file exported here), else a new
    uuid."""
    try:
        wanted = uuid.UUID(idnumber)
    except ValueError:
        return uuid.uuid4()
    if CompetencyFramework.objects.filter(uuid=wanted).exists():
        return uuid.uuid4()
    return wanted


def _levels(row: Row, errors: Errors) -> list[ProficiencyLevel]:
    """The proficiency scale: ranks 0… in Scale values order, the threshold from the
    configuration."""
    if not row.scale_values.strip():
        errors.append((row.number, "Scale values is empty: the framework needs a scale"))
        return []
    names = [name.strip() for name in row.scale_values.split(",")]
    for position, name in enumerate(names, start=1):
        if not name:
            errors.append((row.number, f"scale value {position} is empty"))
        elif len(name) > LEVEL_NAME_MAX:
            errors.append(
                (row.number, f"scale value {position} is longer than {LEVEL_NAME_MAX} characters")
            )
    threshold = _proficiency_threshold(row, len(names), errors)
    return [
        ProficiencyLevel(rank=rank, name=name, description="", is_proficient=rank + 1 == threshold)
        for rank, name in enumerate(names)
    ]


def _proficiency_threshold(row: Row, count: int, errors: Errors) -> int | None:
    """The lowest scale value (1-based) flagged proficient, or None if none is flagged."""
    try:
        entries = json.loads(row.scale_configuration)
    except (ValueError, RecursionError):
        errors.append((row.number, "Scale configuration is not valid JSON"))
        return None
    if not (isinstance(entries, list) and entries and _is_scale_id(entries[0])):
        errors.append(
            (row.number, 'Scale configuration must be a JSON list that starts with {"scaleid": …}')
        )
        return None
    proficient = set()
    for entry in entries[1:]:
        if not _is_scale_entry(entry, count):
            errors.append(
                (
                    row.number,
                    f"Scale configuration: {json.dumps(entry)} is not "
                    f'{{"id": 1 to {count}, "scaledefault": 0 or 1, "proficient": 0 or 1}}',
                )
            )
        elif entry.get("proficient"):
            proficient.add(entry["id"])
    if not proficient:
        return None
    threshold = min(proficient)
    if proficient != set(range(threshold, count + 1)):
        flagged = ", ".join(map(str, sorted(proficient)))
        errors.append(
            (
                row.number,
                f"Scale configuration: more than one proficient level: the values flagged "
                f"proficient ({flagged}) must be one value and every value above it, because "
                "this site's scale has a single proficiency threshold",
            )
        )
    return threshold


def _is_scale_id(entry: object) -> bool:
    return isinstance(entry, dict) and "scaleid" in entry


def _is_scale_entry(entry: object, count: int) -> bool:
    if not isinstance(entry, dict):
        return False
    position = entry.get("id")
    return (
        isinstance(position, int)
        and not isinstance(position, bool)
        and 1 <= position <= count
        and entry.get("scaledefault", 0) in (0, 1)
        and entry.get("proficient", 0) in (0, 1)
    )


def _check_competency_rows(rows: list[Row], errors: Errors) -> dict[str, Row]:
    """Check each competency row on its own; return the rows by code (the first row of a code)."""
    rows_by_code: dict[str, Row] = {}
    for row in rows:
        code = row.idnumber.strip()
        if not code:
            errors.append((row.number, "ID number is empty"))
        elif len(code) > CODE_MAX:
            errors.append((row.number, f"ID number is longer than {CODE_MAX} characters"))
        elif CODE_FORBIDDEN.search(code):
            errors.append((row.number, "ID number has a line break or control character"))
        elif code in rows_by_code:
            first = rows_by_code[code].number
            errors.append((row.number, f"ID number {code!r} is already used on row {first}"))
        else:
            rows_by_code[code] = row
        _check_title_and_format(row, errors)
    return rows_by_code


def _check_parents(rows: list[Row], rows_by_code: dict[str, Row], errors: Errors) -> None:
    """Every parent is in the file, and no competency is inside itself (reported once a cycle)."""
    for row in rows:
        parent = row.parent.strip()
        if parent and parent not in rows_by_code:
            errors.append((row.number, f"parent id number {parent!r} is not in the file"))
    parents = {code: row.parent.strip() or None for code, row in rows_by_code.items()}
    in_cycles: set[str] = set()
    rooted: set[str] = set()
    for code, row in rows_by_code.items():
        cycle = None if code in in_cycles else parent_cycle(code, parents, rooted)
        if cycle:
            in_cycles.update(cycle)
            errors.append((row.number, f"{code!r} would be inside itself: {' → '.join(cycle)}"))


def _check_title_and_format(row: Row, errors: Errors) -> None:
    title = row.shortname.strip()
    if not title:
        errors.append((row.number, "Short name is empty"))
    elif len(title) > TITLE_MAX:
        errors.append((row.number, f"Short name is longer than {TITLE_MAX} characters"))
    value = row.description_format.strip()
    if value not in DESCRIPTION_FORMATS:
        errors.append(
            (row.number, f"Description format must be 0, 1, 2 or 4 (Markdown), not {value!r}")
        )


def _competencies(rows: list[Row]) -> list[CompetencyDraft]:
    """The valid competency rows as drafts; siblings keep their order in the file."""
    positions: Counter[str | None] = Counter()
    drafts = []
    for row in rows:
        parent = row.parent.strip() or None
        positions[parent] += 1
        drafts.append(
            CompetencyDraft(
                key=row.idnumber.strip(),
                parent_key=parent,
                code=row.idnumber.strip(),
                title=row.shortname.strip(),
                description=row.description,
                order=positions[parent],
            )
        )
    return drafts
