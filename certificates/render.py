"""Certificate images (Pillow with complex text layout) and PDFs (WeasyPrint), for names and
titles in any script: Latin, Cyrillic, Greek, Vietnamese, Arabic and Hebrew (shaped, right to
left), Chinese/Japanese/Korean, Devanagari, Thai.

Pillow has no per-character font fallback, so each text run gets the font of its script; a name
with a character no bundled font has is refused loudly rather than printed with boxes.

Every line has a base direction (UAX #9): the fixed texts and the date take the certificate
language's (`context["direction"]`), a name, a title or the issuer its own first strong letter's,
as `dir="auto"` would. Pieces of content inside a line (a competency's code and level) arrive
wrapped in Unicode isolates, which raqm (FriBiDi) and Pango honour.
"""

import atexit
import base64
import io
import threading
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import fontpkg_heebo
import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import fontpkg_noto_sans_devanagari
import fontpkg_noto_sans_thai
import noto_cjk_sans_otc
import qrcode
from django.template.loader import render_to_string
from fontTools.ttLib import TTCollection, TTFont
from PIL import Image, ImageDraw, ImageFont, features

from core.bidi import first_strong_direction

WIDTH, HEIGHT = 2339, 1654  # A4 landscape at 200 dpi
INK, ACCENT, SOFT = (28, 36, 48), (11, 92, 122), (74, 85, 101)

FONTS = {
    "latin": next(Path(fontpkg_noto_sans.ROOT).rglob("NotoSans[[]wdth,wght[]].ttf")),
    "arabic": next(Path(fontpkg_noto_sans_arabic.ROOT).rglob("*.ttf")),
    "hebrew": next(Path(fontpkg_heebo.ROOT).rglob("*.ttf")),
    "devanagari": next(Path(fontpkg_noto_sans_devanagari.ROOT).rglob("*.ttf")),
    "thai": next(Path(fontpkg_noto_sans_thai.ROOT).rglob("*.ttf")),
    "cjk": Path(noto_cjk_sans_otc.FONT_PATH),
}
MIN_SIZE = 28
# The cached fonts (FreeType faces, WeasyPrint's font configuration) are not made to be used by
# two threads at once: renders in one process take turns (a Celery worker runs one at a time;
# in-process tasks under runserver may not).
RENDERING = threading.RLock()


class RenderError(Exception):
    pass


def script_of(text: str) -> str:
    """The script a text needs a font for (the first letter that decides it)."""
    for char in text:
        code = ord(char)
        if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
            return "hebrew"
        if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFF:
            return "arabic"
        if 0x0900 <= code <= 0x097F:
            return "devanagari"
        if 0x0E00 <= code <= 0x0E7F:
            return "thai"
        if (
            0x1100 <= code <= 0x11FF
            or 0x2E80 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF
            or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF
        ):
            return "cjk"
    return "latin"


@cache
def _cmap(script: str) -> frozenset[int]:
    path = FONTS[script]
    font = TTCollection(str(path)).fonts[0] if path.suffix == ".ttc" else TTFont(str(path))
    return frozenset(font.getBestCmap())


def missing_glyphs(text: str, script: str | None = None) -> list[str]:
    """Characters of `text` the font for its script cannot draw (spaces and marks aside)."""
    cmap = _cmap(script or script_of(text))
    return [
        char
        for char in text
        if ord(char) not in cmap and unicodedata.category(char) not in {"Zs", "Cf"}
    ]


# Faces in the CJK collection: Japanese, Korean, Simplified and Traditional Chinese forms differ.
CJK_FACES = {"ja": 0, "ko": 1, "zh-hans": 2, "zh-hant": 3}


def cjk_face(text: str, language: str = "") -> int:
    if any(0xAC00 <= ord(char) <= 0xD7AF or 0x1100 <= ord(char) <= 0x11FF for char in text):
        return CJK_FACES["ko"]
    if any(0x3040 <= ord(char) <= 0x30FF for char in text):  # kana: Japanese
        return CJK_FACES["ja"]
    return CJK_FACES.get(language, CJK_FACES["zh-hans"])


@cache  # loading a face costs more than drawing with it; the sizes tried are few
def _font(script: str, size: int, face: int = 0) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(
        str(FONTS[script]), size, layout_engine=ImageFont.Layout.RAQM, index=face
    )
    if script == "latin":
        font.set_variation_by_name("Medium")  # the variable font's default is Thin
    return font


def _fit(draw, text: str, size: int, max_width: int, language: str, direction: str):
    """The font for `text` at the largest size up to `size` at which it fits; None if even the
    smallest size is too wide."""
    script = script_of(text)
    missing = missing_glyphs(text, script)
    if missing:
        raise RenderError(f"No bundled font draws {''.join(missing)!r}.")
    face = cjk_face(text, language) if script == "cjk" else 0
    while size >= MIN_SIZE:
        font = _font(script, size, face)
        box = draw.textbbox((0, 0), text, font=font, direction=direction)
        if box[2] - box[0] <= max_width:
            return font, direction, box
        size = int(size * 0.9)
    return None


def _draw_centered(
    draw, text: str, y: int, size: int, fill, max_width: int, language: str, direction: str
) -> int:
    """Draw `text` centred, shrinking it to fit, on two lines if it must; returns the height.
    Both halves of a split line keep the whole line's direction."""
    fitted = _fit(draw, text, size, max_width, language, direction)
    if fitted is None and " " in text:
        middle = len(text) // 2
        cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
        args = (size, fill, max_width, language, direction)
        first = _draw_centered(draw, text[:cut], y, *args)
        return first + 10 + _draw_centered(draw, text[cut + 1 :], y + first + 10, *args)
    if fitted is None:
        raise RenderError(f"{text[:40]!r}… is too long to print.")
    font, direction, (left, top, right, bottom) = fitted
    draw.text(
        ((WIDTH - (right - left)) / 2 - left, y - top),
        text,
        font=font,
        fill=fill,
        direction=direction,
    )
    return bottom - top


@lru_cache(maxsize=4)  # the PNG and the PDF of a certificate show the same code
def qr_image(url: str, box: int = 8) -> Image.Image:
    code = qrcode.QRCode(box_size=box, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def render_png(context: dict) -> bytes:
    """The certificate as a PNG. `context`: holder_name, course_title, issuer, date,
    competencies (lines), verify_url, labels (the fixed texts, translated)."""
    with RENDERING:
        return _render_png(context)


def _render_png(context: dict) -> bytes:
    if not features.check("raqm"):
        raise RenderError("Pillow has no complex text layout (raqm): Arabic would print backwards.")
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, WIDTH - 40, HEIGHT - 40), outline=ACCENT, width=10)
    draw.rectangle((70, 70, WIDTH - 70, HEIGHT - 70), outline=(194, 65, 12), width=3)
    labels, width = context["labels"], WIDTH - 400
    language = context.get("language", "")
    directions = line_directions(context)

    def line(text, y, size, fill, direction):
        return _draw_centered(draw, text, y, size, fill, width, language, direction)

    y = 170
    y += line(labels["title"], y, 96, ACCENT, directions["ui"]) + 60
    y += line(labels["certifies"], y, 44, SOFT, directions["ui"]) + 50
    y += line(context["holder_name"], y, 120, INK, directions["holder_name"]) + 60
    y += line(labels["completed"], y, 44, SOFT, directions["ui"]) + 40
    y += line(context["course_title"], y, 72, INK, directions["course_title"]) + 60
    for competency, direction in zip(
        context["competencies"][:6], directions["competencies"], strict=False
    ):
        y += line(competency, y, 34, SOFT, direction) + 14
    code = qr_image(context["verify_url"]).resize((300, 300), Image.Resampling.NEAREST)
    # The QR code at the footer's end: at the right in a left-to-right certificate, else left.
    image.paste(code, (WIDTH - 420 if directions["ui"] == "ltr" else 120, HEIGHT - 420))
    # The footer: issuer, date (in the holder's language, so its own script), the verify URL.
    # Each on its own line, starting at the side the certificate's language starts from.
    for y, text, fill, direction in (
        (HEIGHT - 340, context["issuer"], INK, directions["issuer"]),
        (HEIGHT - 290, context["date"], INK, directions["ui"]),
        (HEIGHT - 240, context["verify_url"], ACCENT, "ltr"),
    ):
        fitted = _fit(draw, text, 32, WIDTH - 700, language, direction)
        if fitted is None:
            raise RenderError(f"{text[:40]!r}… is too long to print.")
        font, direction, (left, top, right, _bottom) = fitted
        x = 140 - left if directions["ui"] == "ltr" else WIDTH - 140 - right
        draw.text((x, y - top), text, font=font, fill=fill, direction=direction)
    output = io.BytesIO()
    # zlib's fastest level: a third of the default's time, half optimize's size again (about
    # 150 KB), for an image written once and served as a file.
    image.save(output, format="PNG", compress_level=1)
    return output.getvalue()


def line_directions(context: dict) -> dict:
    """The base direction of each line: the certificate language's for its fixed texts and date
    (`context["direction"]`, from the language when absent), each piece of content its own."""
    ui = context.get("direction") or ("rtl" if _is_bidi(context.get("language", "")) else "ltr")
    return {
        "ui": ui,
        "holder_name": first_strong_direction(context["holder_name"], ui),
        "course_title": first_strong_direction(context["course_title"], ui),
        "issuer": first_strong_direction(context["issuer"], ui),
        "competencies": [first_strong_direction(line, ui) for line in context["competencies"]],
    }


def _is_bidi(language: str) -> bool:
    from django.utils import translation

    try:
        return bool(language) and translation.get_language_info(language)["bidi"]
    except KeyError:
        return False


@cache
def _pdf_fonts():
    """The @font-face rules, parsed once per process into a font configuration every PDF shares,
    so the fonts are loaded once (Celery runs renders in processes, one at a time)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    # The Latin font stays variable: making static instances of it (fontTools) took seconds
    # per weight on a process's first certificate, in the learner's request when tasks run
    # in-process.
    faces = [
        (FONTS[script].as_uri(), script.title() if script != "cjk" else "CJK")
        for script in ("latin", "arabic", "hebrew", "devanagari", "thai", "cjk")
    ]
    font_config = FontConfiguration()
    css = CSS(
        string="\n".join(
            f'@font-face {{ font-family: "Cert {family}"; src: url("{url}"); }}'
            for url, family in faces
        ),
        font_config=font_config,
        url_fetcher=bundled_only_fetcher(),
    )
    return css, font_config


# Let the shared configuration go before the interpreter's teardown (its finaliser needs modules).
atexit.register(_pdf_fonts.cache_clear)


def pdf_document(context: dict):
    """The certificate laid out by WeasyPrint (pages of boxes), before it is written as PDF."""
    from weasyprint import HTML

    qr = io.BytesIO()
    qr_image(context["verify_url"]).save(qr, format="PNG")
    directions = line_directions(context)
    html = render_to_string(
        "certificates/certificate_pdf.html",
        {
            **context,
            "qr_data_uri": "data:image/png;base64," + base64.b64encode(qr.getvalue()).decode(),
            "directions": directions,
            "competency_lines": list(
                zip(context["competencies"], directions["competencies"], strict=True)
            ),
        },
    )
    with RENDERING:
        fonts, font_config = _pdf_fonts()
        return HTML(string=html, url_fetcher=bundled_only_fetcher()).render(
            stylesheets=[fonts], font_config=font_config
        )


def render_pdf(context: dict) -> bytes:
    """The certificate as an A4 landscape PDF: vector text, embedded font subsets, shaped
    scripts (WeasyPrint falls back across the bundled fonts per character)."""
    with RENDERING:
        return pdf_document(context).write_pdf()


def bundled_only_fetcher():
    """A WeasyPrint URL fetcher that loads our bundled fonts and inline data only: nothing in a
    name or title, even if it got past escaping, can make the renderer read a file or the
    network."""
    from weasyprint.urls import URLFetcher, URLFetchingError

    allowed = {path.as_uri() for path in FONTS.values()}

    class BundledOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or url in allowed:
                return super().fetch(url, headers)
            raise URLFetchingError(f"The certificate may not load {url}")

    return BundledOnly()
