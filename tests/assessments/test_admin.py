import csv
import io

import pytest
from django.db.models.signals import pre_init
from django.urls import reverse

from assessments import export, services
from assessments.models import GradeExport, Question, QuestionKind
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import InstructorFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

ADD_QUESTION = reverse("admin:assessments_question_add")


def question_form(course, **fields):
    data = {
        "course": course.pk,
        "kind": "single",
        "title": "Who pays freight under CIF?",
        "prompt": "Under **CIF**, who pays the main carriage?",
        "points": "1",
        "explanation": "",
        "competency": "",
        "level": "",
        "choices_text": "* The seller\n- The buyer",
        "answer": "",
        "tolerance": "",
        "tolerance_mode": "absolute",
        "accepted_text": "",
        "rubric": "",
    }
    return {**data, **fields}


def test_an_instructor_writes_a_question_in_the_admin(client, instructor, course):
    client.force_login(instructor)
    assert client.post(ADD_QUESTION, question_form(course)).status_code == 302
    version = Question.objects.get().current_version
    assert version.number == 1
    assert [(c["text"], c["correct"]) for c in version.choices] == [
        ("The seller", True),
        ("The buyer", False),
    ]


def test_the_question_form_searches_competencies_and_offers_the_ranks_of_their_scale(
    client, instructor, course
):
    """No select box of every published competency or level: the competency is an
    autocomplete, the level a rank of its framework's scale."""
    from competencies.models import Competency
    from tests.factories import make_framework

    framework = make_framework(areas=3, per_area=10)
    other = make_framework("Other Standard", areas=3, per_area=10)
    other.levels.create(rank=4, name="Expert", is_proficient=False)
    client.force_login(instructor)
    content = client.get(ADD_QUESTION).content.decode()
    assert "Competency 2.7" not in content
    assert 'data-ajax--url="/admin/autocomplete/"' in content
    assert '<option value="2">2 · Proficient</option>' in content
    assert content.count("· Proficient</option>") == 1
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "assessments",
            "model_name": "questionversion",
            "field_name": "competency",
            "term": "Competency 2.7",
        },
    ).json()["results"]
    chosen = Competency.objects.get(framework=framework, code="A2.7")
    assert str(chosen.pk) in {result["id"] for result in found}

    fields = {"competency": chosen.pk, "level": "2"}
    assert client.post(ADD_QUESTION, question_form(course, **fields)).status_code == 302
    question = Question.objects.get()
    version = question.current_version
    assert (version.competency, version.level) == (chosen, framework.levels.get(rank=2))
    change = client.get(reverse("admin:assessments_question_change", args=[question.pk]))
    assert f'<option value="{chosen.pk}" selected>' in change.content.decode()
    assert change.context["adminform"].form.initial["level"] == 2

    # Rank 4 is on the other scale only.
    response = client.post(ADD_QUESTION, question_form(course, competency=chosen.pk, level="4"))
    assert (
        "The competency's scale has no level of this rank."
        in (response.context["adminform"].form.errors["level"])
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"choices_text": "* A\n* B"}, "choices_text", "exactly one choice correct"),
        (
            {"choices_text": "- A\n- B", "kind": "multiple"},
            "choices_text",
            "at least one choice correct",
        ),
        ({"choices_text": "* Only"}, "choices_text", "at least two choices"),
        ({"kind": "numeric", "choices_text": ""}, "answer", "needs its answer"),
        (
            {"kind": "short_text", "choices_text": ""},
            "accepted_text",
            "at least one accepted answer",
        ),
        ({"points": "0"}, "points", "greater than or equal to 0.01"),
        (
            {"kind": "numeric", "choices_text": "", "answer": "5", "tolerance": "-1"},
            "tolerance",
            "cannot be negative",
        ),
    ],
)
def test_a_question_with_a_broken_key_is_refused(
    client, instructor, course, fields, field, message
):
    client.force_login(instructor)
    response = client.post(ADD_QUESTION, question_form(course, **fields))
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
    assert not Question.objects.exists()


def test_editing_an_answered_question_makes_a_new_version(
    client, instructor, learner, course, enrolled
):
    question = make_question(course)
    quiz = make_assessment(course, [question])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    client.force_login(instructor)
    url = reverse("admin:assessments_question_change", args=[question.pk])
    form = client.get(url).context["adminform"].form
    assert form.fields["kind"].disabled
    client.post(
        url,
        question_form(
            course,
            title=question.title,
            choices_text=(
                "* Incoterms split costs and risk\n- Incoterms set the price\n- New wrong choice"
            ),
        ),
    )
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert attempt.items.get().question_version.number == 1
    # Unchanged texts keep their keys, so a regrade can match old answers.
    assert [c["key"] for c in question.current_version.choices][:2] == ["a", "b"]


def test_instructors_see_only_their_courses_questions(client, instructor, course):
    mine = make_question(course, title="Mine")
    other = make_course("other", instructors=(InstructorFactory(email="o@example.com").email,))
    theirs = make_question(other, title="Theirs")
    client.force_login(instructor)
    listed = {
        q.pk
        for q in client.get(reverse("admin:assessments_question_changelist"))
        .context["cl"]
        .result_list
    }
    assert listed == {mine.pk}
    assert (
        client.get(reverse("admin:assessments_question_change", args=[theirs.pk])).status_code
        == 302
    )


def test_a_grade_export_is_built_by_a_task_and_neutralizes_formulas(
    client, instructor, course, enrolled, learner, django_capture_on_commit_callbacks
):
    learner.full_name = "=HYPERLINK(evil)"
    learner.save()
    quiz = make_assessment(course, [make_question(course)], title="+Quiz")
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:assessments_gradeexport_add"), {"course": course.pk})
    grade_export = GradeExport.objects.get()
    assert grade_export.status == "ready" and grade_export.rows == 1
    download = client.get(reverse("admin:assessments_gradeexport_download", args=[grade_export.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0][-1] == "'+Quiz"
    assert rows[1][:2] == ["amina@example.com", "'=HYPERLINK(evil)"] and rows[1][-1] == "100.00"
    other = InstructorFactory(email="o2@example.com")
    client.force_login(other)
    assert (
        client.get(
            reverse("admin:assessments_gradeexport_download", args=[grade_export.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("learners", [7, 60])
def test_the_export_reads_learners_in_batches_of_one_query(
    monkeypatch, course, django_assert_num_queries, learners
):
    from courses import services as course_services

    monkeypatch.setattr(export, "BATCH", 5)
    quizzes = [make_assessment(course, [make_question(course)], title=t) for t in "AB"]
    enrolled = [
        course_services.enrollment_create(learner=UserFactory(), course=course)
        for _number in range(learners)
    ]
    taker = enrolled[-1].user
    attempt = services.attempt_start(learner=taker, assessment=quizzes[1])
    services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    grade_export = GradeExport.objects.create(course=course)
    built = []

    def counting(sender, **kwargs):
        built.append(sender)

    # The savepoint and its release, the lock, the assessments, the save, and one query per batch
    # (the last one short or empty): with BATCH = 2,000, 100k learners take 56 queries.
    pre_init.connect(counting)
    try:
        with django_assert_num_queries(5 + learners // 5 + 1):
            export.grade_export_build(export_id=grade_export.pk)
    finally:
        pre_init.disconnect(counting)
    # The export, its course and the two assessments: no object per learner (memory stays flat).
    assert len(built) == 4
    grade_export.refresh_from_db()
    assert grade_export.rows == learners
    with grade_export.file.open("rb") as file:
        rows = list(csv.reader(io.StringIO(file.read().decode())))
    assert rows[0][-2:] == ["A", "B"] and len(rows) == learners + 1
    assert [row[0] for row in rows[1:]] == [e.user.email for e in enrolled]
    assert rows[-1][-4:] == ["50.00", "False", "", "100.00"]  # one of two quizzes taken
    assert all(row[-2:] == ["", ""] for row in rows[1:-1])


def test_demo_assessments_load_once_and_give_the_learner_graded_attempts(django_user_model):
    from django.core.management import call_command

    from assessments.models import Assessment, Attempt, CompetencyLevel

    for command in ("demo_accounts", "demo_curriculum", "demo_assessments", "demo_assessments"):
        call_command(command, stdout=io.StringIO())
    assert Assessment.objects.filter(module__isnull=True, draw_count=8).count() == 5
    assert Question.objects.filter(kind=QuestionKind.NUMERIC).count() >= 10
    assert Question.objects.filter(kind=QuestionKind.ESSAY).exists()
    learner = django_user_model.objects.get(email="learner@example.com")
    assert Attempt.objects.filter(user=learner, status="submitted").count() == 7  # 4 + 3
    assert CompetencyLevel.objects.filter(user=learner, level__isnull=False).exists()
    assert set(Attempt.objects.filter(user=learner).values_list("passed", flat=True)) == {
        True,
        False,
    }


def test_attempts_and_enrolments_are_records_the_admin_only_shows(
    client, instructor, learner, course, enrolled
):
    quiz = make_assessment(course, [make_question(course)])
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    client.force_login(instructor)
    for name, obj in (("assessments_attempt", attempt), ("courses_enrollment", enrolled)):
        change = reverse(f"admin:{name}_change", args=[obj.pk])
        page = client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.post(change, {}).status_code == 403
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403
        assert client.post(reverse(f"admin:{name}_delete", args=[obj.pk])).status_code == 403
