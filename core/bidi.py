"""Keeping user content apart from the interface text around it, so mixed scripts read in the
right order (Unicode Bidirectional Algorithm, UAX #9).

A course title, a name or a code dropped into a translated sentence takes part in the sentence's
bidirectional ordering unless it is isolated: an English title ending in ")" inside an Arabic
sentence sends the ")" and the closing quote to the wrong end; "Points: 1" in Arabic inside an
English container reads "1 :النقاط". In HTML the isolation is a `<bdi>` element (the `bdi` and
`ltr_unit` filters); in plain text (emails, subjects, certificate PNG/PDF lines, flash messages)
it is FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE around the value (`isolate`), which
takes its direction from its own first letter, like `dir="auto"`.
"""

import unicodedata

FSI = "\u2068"  # FIRST STRONG ISOLATE: direction from the first strong letter inside
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
ISOLATES = frozenset("\u2066\u2067\u2068\u2069")


def isolate(value) -> str:
    """`value` as text between FSI and PDI; empty stays empty (no invisible characters alone)."""
    text = str(value)
    return f"{FSI}{text}{PDI}" if text else text


def isolate_all(values, separator: str = ", ") -> str:
    """Several pieces of content (titles in a list), each isolated from the others and from the
    separator."""
    return separator.join(isolate(value) for value in values)


def strip_isolates(text: str) -> str:
    return "".join(char for char in text if char not in ISOLATES)


def first_strong_direction(text: str, default: str = "ltr") -> str:
    """`rtl` or `ltr` from the first strong letter (rule P2 of UAX #9, what `dir="auto"` does),
    skipping what isolates enclose; `default` when there is none."""
    depth = 0
    for char in text:
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in {"R", "AL"}:
                return "rtl"
    return default
