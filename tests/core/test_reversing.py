import uuid

import pytest
from django.urls import reverse

from core.reversing import reverse_last


@pytest.mark.parametrize(
    ("viewname", "args"),
    [
        ("courses:detail", ["incoterms-basics"]),
        ("courses:lesson", ["incoterms-basics", 987654321]),
        ("courses:lesson", ["c987654321", 12]),  # the placeholder in a leading argument
        ("courses:competency", [uuid.uuid4()]),  # a uuid converter last
        ("courses:competency_by_code", [uuid.uuid4(), "A1.2"]),
        ("courses:competency_by_code", [uuid.uuid4(), "CC/1.2 ü&?#%"]),  # slashes, reserved
        ("courses:competency_by_code", [uuid.uuid4(), "/lead//double"]),  # reverse escapes more
    ],
)
def test_a_row_url_is_what_reverse_gives(viewname, args):
    assert reverse_last(viewname, *args) == reverse(viewname, args=args)
