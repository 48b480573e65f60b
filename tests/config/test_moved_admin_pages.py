import pytest


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/admin/courses/competency/?framework__id__exact=3",
            "/admin/competencies/competency/?framework__id__exact=3",
        ),
        (
            "/admin/courses/competencyframework/7/change/",
            "/admin/competencies/competencyframework/7/change/",
        ),
        ("/admin/courses/targetrole/", "/admin/competencies/targetrole/"),
        ("/admin/assessments/certificate/award/", "/admin/certificates/certificate/award/"),
    ],
)
def test_bookmarks_of_moved_admin_pages_lead_to_their_new_place(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_pages_that_did_not_move_are_not_redirected(admin_client):
    assert admin_client.get("/admin/courses/course/").status_code == 200
