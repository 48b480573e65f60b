"""A render holds no lock learners need: while the PDF is being made (or storage hangs), the
certificate row stays free for the learner's next submit or a regrade. PostgreSQL only."""

from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction

from certificates import render, services
from certificates.models import Certificate
from tests.certificates.test_certificates import pass_course
from tests.threads import POSTGRESQL_ONLY

pytestmark = POSTGRESQL_ONLY


def _lock_now(certificate_id: int) -> str:
    """In another connection: take the certificate's row lock at once, or say it was held."""
    try:
        with transaction.atomic():
            Certificate.objects.select_for_update(nowait=True).get(pk=certificate_id)
        return "free"
    except Exception as error:  # psycopg's "could not obtain lock" as a DatabaseError
        return f"held: {error}"
    finally:
        connection.close()


def test_the_row_is_free_while_the_certificate_renders(
    learner, course, enrolled, django_capture_on_commit_callbacks, monkeypatch
):
    pass_course(learner, course, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(rendered_at=None, png="", pdf="")
    seen = []
    real_pdf = render.render_pdf

    def pdf_while_someone_locks(context):
        with ThreadPoolExecutor(max_workers=1) as other:
            seen.append(other.submit(_lock_now, certificate.pk).result())
        return real_pdf(context)

    monkeypatch.setattr(render, "render_pdf", pdf_while_someone_locks)
    assert services.certificate_render(certificate_id=certificate.pk) is True

    assert seen == ["free"]
    certificate.refresh_from_db()
    assert certificate.rendered_at is not None and certificate.pdf
