"""What instructors may upload or link: images, attachments, video links."""

import io
import re
import warnings
from pathlib import PurePath
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
ATTACHMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "csv", "txt", "zip")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
THUMBNAIL_SIZE = (640, 360)
# Pillow refuses to open anything over twice this many pixels (DecompressionBombError).
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS


def clean_image(upload) -> ContentFile:
    """Open an upload with Pillow, check it, and return it re-encoded without metadata.

    Re-encoding drops EXIF (camera, GPS), ICC tricks and anything appended to the file.
    """
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMAGE_MAX_BYTES)}
        )
    too_large = _("The image has too many pixels; the limit is 40 megapixels.")
    upload.seek(0)
    try:
        with warnings.catch_warnings():  # the pixel check below answers Pillow's warning
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
        if image.format not in IMAGE_FORMATS:
            raise ValidationError(
                _("Upload a JPEG, PNG or WebP image; this file is %(format)s.")
                % {"format": image.format or _("unknown")}
            )
        width, height = image.size
        if width * height > IMAGE_MAX_PIXELS:
            raise ValidationError(too_large)
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(too_large) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("This file is not an image that can be opened.")) from error
    source_format = image.format
    image = ImageOps.exif_transpose(image)
    if source_format == "JPEG" or image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format=source_format, optimize=True)
    name = f"{PurePath(upload.name).stem[:80] or 'image'}.{IMAGE_FORMATS[source_format]}"
    return ContentFile(output.getvalue(), name=name)


def make_thumbnail(image_file) -> ContentFile:
    with Image.open(image_file) as image:
        thumbnail = ImageOps.fit(image.convert("RGB"), THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    output = io.BytesIO()
    thumbnail.save(output, format="WEBP", quality=82)
    return ContentFile(output.getvalue(), name=f"{PurePath(image_file.name).stem}-thumb.webp")


def validate_attachment(file) -> None:
    extension = PurePath(file.name).suffix.lower().lstrip(".")
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("Files of type .%(extension)s are not accepted; use one of: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(ATTACHMENT_EXTENSIONS)}
        )
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(ATTACHMENT_MAX_BYTES)}
        )


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")


def video_embed_url(url: str) -> str | None:
    """The privacy-friendly player URL for a YouTube or Vimeo link, or None if not allowed."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/").split("/")
    video_id = None
    if host == "youtube.com":
        if path == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(path) == 2 and path[0] in {"embed", "shorts", "live"}:
            video_id = path[1]
        if video_id and _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be" and len(path) == 1 and _YOUTUBE_ID.match(path[0]):
        return f"https://www.youtube-nocookie.com/embed/{path[0]}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        candidate = path[-1] if path else ""
        if _VIMEO_ID.match(candidate):
            return f"https://player.vimeo.com/video/{candidate}"
    return None


def validate_video_url(url: str) -> None:
    if url and video_embed_url(url) is None:
        raise ValidationError(
            _("Use an https link to a YouTube or Vimeo video, e.g. https://youtu.be/VIDEO_ID.")
        )


def attachment_response(attachment) -> FileResponse:
    """A lesson attachment as a download under its file's own name (pages and API alike)."""
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file.name.rsplit("/", 1)[-1],
    )
