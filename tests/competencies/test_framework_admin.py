import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competencies.interchange.moodle_csv import framework_to_moodle_csv
from competencies.models import CompetencyFramework, FrameworkStatus
from courses.models import CourseCompetency
from tests.factories import competency, level, make_course, make_framework, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework(status="draft")


def test_instructors_author_frameworks(instructor):
    for permission in [
        "competencies.add_competencyframework",
        "competencies.change_competency",
        "competencies.add_targetrole",
        "courses.add_coursecompetency",
    ]:
        assert instructor.has_perm(permission)


def test_the_competency_list_shows_the_tree_in_order(
    client, instructor, framework, django_assert_max_num_queries
):
    client.force_login(instructor)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:competencies_competency_changelist"))
    codes = [c.code for c in response.context["cl"].result_list]
    assert codes == ["A1", "A1.1", "A1.2", "A2", "A2.1", "A2.2"]
    assert 'padding-inline-start:1.5em">A1.1' in response.content.decode()


def test_a_competency_cannot_move_inside_itself_or_into_another_framework(
    client, instructor, framework
):
    other = make_framework(title="Other")
    area = competency(framework, "A1")
    client.force_login(instructor)
    url = reverse("admin:competencies_competency_change", args=[area.pk])
    data = {
        "framework": framework.pk,
        "code": "A1",
        "title": "Area 1",
        "description": "",
        "order": 1,
    }
    response = client.post(url, {**data, "parent": competency(framework, "A1.1").pk})
    assert "cannot sit inside itself" in str(response.context["adminform"].form.errors)
    response = client.post(url, {**data, "parent": competency(other, "A2").pk})
    assert "same framework" in str(response.context["adminform"].form.errors)
    # A code is part of page URLs: a line break in it would break every page that links it.
    response = client.post(url, {**data, "code": "A1\nx"})
    assert "line breaks and control characters" in str(response.context["adminform"].form.errors)


def test_moving_a_competency_reorders_the_tree(client, instructor, framework):
    client.force_login(instructor)
    moved = competency(framework, "A2.1")
    client.post(
        reverse("admin:competencies_competency_change", args=[moved.pk]),
        {
            "framework": framework.pk,
            "parent": competency(framework, "A1").pk,
            "code": "A2.1",
            "title": moved.title,
            "description": "",
            "order": 9,
        },
    )
    codes = list(framework.competencies.order_by("tree_path").values_list("code", flat=True))
    assert codes == ["A1", "A1.1", "A1.2", "A2.1", "A2", "A2.2"]


def test_publish_needs_a_proficient_level(client, superuser, framework):
    framework.levels.update(is_proficient=False)
    client.force_login(superuser)
    changelist = reverse("admin:competencies_competencyframework_changelist")
    response = client.post(
        changelist, {"action": "publish", "_selected_action": [framework.pk]}, follow=True
    )
    assert "needs a proficiency scale with a proficient level" in response.content.decode()
    level(framework, 2).__class__.objects.filter(pk=level(framework, 2).pk).update(
        is_proficient=True
    )
    client.post(changelist, {"action": "publish", "_selected_action": [framework.pk]})
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.PUBLISHED


def test_exports_download_moodle_csv_and_case(client, instructor, framework):
    client.force_login(instructor)
    changelist = reverse("admin:competencies_competencyframework_changelist")
    csv = client.post(
        changelist, {"action": "export_moodle_csv", "_selected_action": [framework.pk]}
    )
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode() == framework_to_moodle_csv(framework)
    assert csv.content.decode().splitlines()[0].replace('"', "").startswith("Parent ID number,")
    case = client.post(
        changelist,
        {"action": "export_case", "_selected_action": [framework.pk]},
        HTTP_HOST="localhost",  # URIs are where they resolve, not where the admin was reached
    )
    assert case.json()["CFDocument"]["identifier"] == str(framework.uuid)
    assert case.json()["CFDocument"]["uri"].startswith(settings.SITE_URL + "/ims/case/v1p1/")


def test_import_from_moodle_csv_in_the_admin(client, instructor, framework):
    text = framework_to_moodle_csv(framework)
    framework.delete()
    client.force_login(instructor)
    upload = SimpleUploadedFile("f.csv", text.encode())
    response = client.post(
        reverse("admin:competencies_competencyframework_import"),
        {"format": "moodle", "document": upload},
    )
    imported = CompetencyFramework.objects.get()
    assert response["Location"] == reverse(
        "admin:competencies_competencyframework_change", args=[imported.pk]
    )
    assert imported.status == FrameworkStatus.DRAFT and imported.competencies.count() == 6


def test_import_errors_are_listed_and_nothing_is_saved(client, instructor):
    client.force_login(instructor)
    bad = SimpleUploadedFile("f.csv", b"not,a,moodle,file\n1,2,3,4\n")
    response = client.post(
        reverse("admin:competencies_competencyframework_import"),
        {"format": "moodle", "document": bad},
    )
    assert response.status_code == 400 and response.context["errors"]
    broken_json = SimpleUploadedFile("f.json", b"{nope")
    response = client.post(
        reverse("admin:competencies_competencyframework_import"),
        {"format": "case", "document": broken_json},
    )
    assert "not valid JSON" in response.context["errors"][0]
    for document, message in (
        (b"9" * 5_000, "not valid JSON"),
        (b"Parent id number,Id number\n,A\x00\n", "NUL characters"),
    ):
        response = client.post(
            reverse("admin:competencies_competencyframework_import"),
            {"format": "case", "document": SimpleUploadedFile("f", document)},
        )
        shown = [*response.context["errors"], *response.context["form"].errors.get("document", [])]
        assert response.status_code == 400 and message in shown[0]
    assert not CompetencyFramework.objects.exists()


def test_a_role_requirement_must_use_the_roles_framework(client, instructor, framework):
    other = make_framework(title="Other")
    role = make_role(framework, "analyst", {})
    client.force_login(instructor)
    response = client.post(
        reverse("admin:competencies_targetrole_change", args=[role.pk]),
        {
            "framework": framework.pk,
            "name": "Analyst",
            "slug": "analyst",
            "description": "",
            "requirements-TOTAL_FORMS": 1,
            "requirements-INITIAL_FORMS": 0,
            "requirements-0-competency": competency(other, "A1.1").pk,
            "requirements-0-level": level(other, 2).pk,
        },
    )
    assert response.status_code == 200
    assert "Pick a competency of the role&#x27;s framework" in response.content.decode()
    assert not role.requirements.exists()


def test_the_course_form_maps_competencies_with_a_level_of_the_same_framework(
    client, instructor, framework
):
    other = make_framework(title="Other")
    course = make_course("ops", instructors=(instructor.email,))
    client.force_login(instructor)
    data = {
        "title": course.title,
        "slug": course.slug,
        "subtitle": "",
        "description": "",
        "language": "en",
        "level": "foundation",
        "effort_hours": 3,
        "pass_mark": 70,
        "instructors": [instructor.pk],
        "modules-TOTAL_FORMS": 0,
        "modules-INITIAL_FORMS": 0,
        "competency_targets-TOTAL_FORMS": 1,
        "competency_targets-INITIAL_FORMS": 0,
        "competency_targets-0-competency": competency(framework, "A1.1").pk,
        "competency_targets-0-level": level(other, 2).pk,
    }
    url = reverse("admin:courses_course_change", args=[course.pk])
    response = client.post(url, data)
    assert "Pick a level of the competency" in response.content.decode()
    data["competency_targets-0-level"] = level(framework, 2).pk
    assert client.post(url, data).status_code == 302
    assert CourseCompetency.objects.get(course=course).level.rank == 2


@pytest.mark.parametrize("per_area", [3, 30])
def test_rebuilding_the_tree_costs_the_same_for_any_size(django_assert_max_num_queries, per_area):
    from competencies import services

    framework = make_framework(areas=10, per_area=per_area)
    framework.competencies.update(tree_path="")
    # read, bulk update (batched by the database backend), inside one savepoint
    with django_assert_max_num_queries(6):
        services.framework_tree_rebuild(framework=framework)
    assert not framework.competencies.filter(tree_path="").exists()


def test_only_superusers_publish_retire_or_delete_shared_standards(client, instructor, framework):
    client.force_login(instructor)
    changelist = reverse("admin:competencies_competencyframework_changelist")
    actions = dict(client.get(changelist).context["action_form"].fields["action"].choices)
    assert "publish" not in actions and "retire" not in actions
    assert not instructor.has_perm("competencies.delete_competency")
    assert not instructor.has_perm("competencies.delete_competencyframework")


def test_a_competency_a_course_teaches_cannot_be_deleted(superuser, framework):
    from django.db.models import ProtectedError

    from tests.factories import teach

    teach(make_course("ops"), framework, "A1.1", 2)
    with pytest.raises(ProtectedError):
        competency(framework, "A1").delete()


def test_a_competency_stays_in_its_framework(client, instructor, framework):
    client.force_login(instructor)
    form = (
        client.get(
            reverse("admin:competencies_competency_change", args=[competency(framework, "A1").pk])
        )
        .context["adminform"]
        .form
    )
    assert "framework" not in form.fields


def test_one_level_only_may_be_the_proficient_threshold(client, instructor, framework):
    client.force_login(instructor)
    data = {
        "title": framework.title,
        "publisher": "",
        "version": "",
        "language": "en",
        "description": "",
        "levels-TOTAL_FORMS": 4,
        "levels-INITIAL_FORMS": 4,
    }
    for index, item in enumerate(framework.levels.all()):
        data.update(
            {
                f"levels-{index}-id": item.pk,
                f"levels-{index}-framework": framework.pk,
                f"levels-{index}-rank": item.rank,
                f"levels-{index}-name": item.name,
                f"levels-{index}-description": "",
            }
        )
        if item.rank >= 2:
            data[f"levels-{index}-is_proficient"] = "on"
    response = client.post(
        reverse("admin:competencies_competencyframework_change", args=[framework.pk]), data
    )
    assert response.status_code == 200
    assert "one level only" in response.content.decode()


def test_a_role_gets_its_requirements_after_it_is_saved(client, instructor, framework):
    client.force_login(instructor)
    add = reverse("admin:competencies_targetrole_add")
    assert client.get(add).context["inline_admin_formsets"] == []
    response = client.post(
        add, {"framework": framework.pk, "name": "Analyst", "slug": "analyst", "description": ""}
    )
    assert response.status_code == 302
    role = framework.roles.get()
    form = (
        client.get(reverse("admin:competencies_targetrole_change", args=[role.pk]))
        .context["adminform"]
        .form
    )
    assert "framework" not in form.fields


def test_a_framework_in_any_language_is_authored_with_its_tag_in_canonical_form(client, instructor):
    client.force_login(instructor)
    add = reverse("admin:competencies_competencyframework_add")
    assert 'list="id_language-languages"' in client.get(add).content.decode()
    data = {
        "title": "Exportkompetenzen",
        "publisher": "",
        "version": "1.0",
        "description": "",
        "evidence_threshold": 75,
        "levels-TOTAL_FORMS": 0,
        "levels-INITIAL_FORMS": 0,
    }
    refused = client.post(add, {**data, "language": "Deutsch"})
    assert "“Deutsch” is not a valid language tag." in refused.content.decode()
    response = client.post(add, {**data, "language": "de-at"})
    assert response.status_code == 302
    assert CompetencyFramework.objects.get(title="Exportkompetenzen").language == "de-AT"
