"""Checking and scoring answers: plain functions of a question version and an answer.

Answers reach the server as learners typed or picked them: a choice token (single, true/false), a
list of tokens (multiple), a number as text (numeric), text (short text, essay). Tokens are the
attempt's own, so an answer never names a choice by database id or position.
"""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.models import QuestionKind, QuestionVersion, ToleranceMode

TEXT_MAX = 20_000
NUMBER_TEXT_MAX = 50
NUMBER_MAX_EXPONENT = 15  # up to 10^16: more than any price, weight or rate in a question
NUMBER_MIN_EXPONENT = -15
TWO_PLACES = Decimal("0.01")


def clean_answer(version: QuestionVersion, kind: str, tokens: list[dict], raw):
    """The answer in stored form, or ValidationError saying what is wrong with it."""
    if raw is None or raw == "" or raw == []:
        return None
    known = {choice["token"] for choice in tokens}
    if kind in {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE}:
        if not isinstance(raw, str) or raw not in known:
            raise ValidationError(_("Pick one of the choices."))
        return raw
    if kind == QuestionKind.MULTIPLE:
        picked = [raw] if isinstance(raw, str) else raw
        if not isinstance(picked, list) or not all(
            isinstance(t, str) and t in known for t in picked
        ):
            raise ValidationError(_("Pick among the choices."))
        return sorted(set(picked))
    if not isinstance(raw, str):
        raise ValidationError(_("Type your answer as text."))
    if "\x00" in raw:  # PostgreSQL cannot store it, and no one types it
        raise ValidationError(_("Remove the invalid character (NUL) from your answer."))
    if kind == QuestionKind.NUMERIC:
        if len(raw) > NUMBER_TEXT_MAX:
            raise ValidationError(_("Enter a number, e.g. 1234.56."))
        parse_number(raw)  # refuse what is not a number now, not at grading time
        return raw.strip()
    if len(raw) > TEXT_MAX:
        raise ValidationError(
            _("Keep the answer under %(limit)d characters.") % {"limit": TEXT_MAX}
        )
    return raw


def parse_number(text: str) -> Decimal:
    """A number as people type it: spaces and thousands separators allowed, comma or point as the
    decimal mark ("1 234,5", "1,234.5", "-0.75")."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." in cleaned:
        cleaned = (
            cleaned.replace(",", "")
            if cleaned.rfind(".") > cleaned.rfind(",")
            else (cleaned.replace(".", "").replace(",", "."))
        )
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("Enter a number, e.g. 1234.56.")) from None
    # Finite and of a sane size: "1e999999999" is a number, but not an answer to anything here.
    if (
        not number.is_finite()
        or not NUMBER_MIN_EXPONENT <= number.adjusted() <= NUMBER_MAX_EXPONENT
    ):
        raise ValidationError(_("Enter a number, e.g. 1234.56."))
    return number


def normalize_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def score(
    version: QuestionVersion, kind: str, tokens: list[dict], answer, maximum: Decimal | None = None
) -> tuple[Decimal | None, bool | None]:
    """(points earned, fully correct) for an auto-graded kind; (None, None) for an essay.
    `maximum`: the points the learner was offered (a later version may carry others)."""
    if kind == QuestionKind.ESSAY:
        return None, None
    share = fraction(version, kind, tokens, answer)
    return points_for(share, version.points if maximum is None else maximum), share == 1


def points_for(share: Decimal, maximum: Decimal) -> Decimal:
    return (maximum * share).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def fraction(version, kind, tokens, answer) -> Decimal:
    """The share of the points an answer earns under `version`'s key (0 to 1)."""
    if answer is None:
        return Decimal(0)
    key_of = {choice["token"]: choice["key"] for choice in tokens}
    correct_keys = {choice["key"] for choice in version.choices if choice.get("correct")}
    if kind in {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE}:
        return Decimal(1) if key_of.get(answer) in correct_keys else Decimal(0)
    if kind == QuestionKind.MULTIPLE:
        picked = {key_of.get(token) for token in answer}
        if picked == correct_keys:
            return Decimal(1)
        if not version.partial_credit or not correct_keys:
            return Decimal(0)
        # Right picks minus wrong picks, never below zero.
        right, wrong = len(picked & correct_keys), len(picked - correct_keys)
        return max(Decimal(0), Decimal(right - wrong) / Decimal(len(correct_keys)))
    if kind == QuestionKind.NUMERIC:
        try:
            given = parse_number(answer)
        except ValidationError:
            return Decimal(0)
        allowed = version.tolerance or Decimal(0)
        if version.tolerance_mode == ToleranceMode.RELATIVE:
            allowed = abs(version.answer) * allowed
        return Decimal(1) if abs(given - version.answer) <= allowed else Decimal(0)
    if kind == QuestionKind.SHORT_TEXT:
        accepted = {normalize_text(text) for text in version.accepted_answers}
        return Decimal(1) if normalize_text(answer) in accepted else Decimal(0)
    raise ValueError(f"Unknown question kind {kind!r}")
