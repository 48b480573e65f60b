import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


def test_the_instructors_group_exists_with_its_permissions(db):
    group = Group.objects.get(name="Instructors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "view_user" in codenames
    assert not {"change_user", "add_user", "delete_user"} & codenames


def test_instructors_are_staff_in_the_group(instructor):
    assert instructor.is_staff and instructor.is_instructor


def test_a_superuser_sees_every_account(
    client, superuser, learner, instructor, django_assert_max_num_queries
):
    client.force_login(superuser)
    with django_assert_max_num_queries(8):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    for email in ("amina@example.com", "wei@example.com", "root@example.com"):
        assert email.encode() in response.content


def test_an_instructor_sees_only_staff_accounts_and_cannot_change_them(client, instructor, learner):
    client.force_login(instructor)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert b"wei@example.com" in response.content
    assert b"amina@example.com" not in response.content
    assert client.get(reverse("admin:accounts_user_change", args=[learner.pk])).status_code == 302
    assert (
        client.post(reverse("admin:accounts_user_change", args=[instructor.pk]), {}).status_code
        == 403
    )


def test_a_learner_cannot_open_the_admin(client, learner):
    client.force_login(learner)
    assert client.get(CHANGELIST)["Location"].startswith(reverse("admin:login"))


def test_the_superuser_makes_and_unmakes_instructors(client, superuser, learner):
    client.force_login(superuser)
    client.post(CHANGELIST, {"action": "make_instructors", "_selected_action": [learner.pk]})
    learner.refresh_from_db()
    assert learner.is_staff and learner.is_instructor
    client.post(CHANGELIST, {"action": "remove_instructors", "_selected_action": [learner.pk]})
    learner.refresh_from_db()
    assert not learner.is_staff and not learner.is_instructor


def test_the_superuser_adds_an_account_in_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.com",
            "full_name": "New Person",
            "password1": "a-long-enough-pass-1",
            "password2": "a-long-enough-pass-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.is_active and user.email_verified_at is not None


def test_the_admin_lists_countries_in_the_readers_order(client, superuser, learner, other_learner):
    learner.country, other_learner.country = "MA", "KZ"
    learner.save()
    other_learner.save()
    superuser.language = "ar"
    superuser.save()
    client.force_login(superuser)
    # Arabic: Morocco (al-maghrib) before Kazakhstan (kazakhstan); English puts KZ first.
    content = client.get(CHANGELIST).content.decode()
    assert content.index("?country=MA") < content.index("?country=KZ")
    assert "?country=FR" not in content  # only the countries the accounts are in
    assert client.get(CHANGELIST, {"country": "KZ"}).context["cl"].result_count == 1
    form = (
        client.get(reverse("admin:accounts_user_change", args=[learner.pk]))
        .context["adminform"]
        .form
    )
    codes = [code for code, _name in form.fields["country"].choices]
    assert codes.index("MA") < codes.index("KZ") < codes.index("EG")  # مصر


@pytest.mark.parametrize("accounts", [4, 40])
def test_the_user_list_with_its_country_filter_runs_a_fixed_number_of_queries(
    client, superuser, django_assert_max_num_queries, accounts
):
    User.objects.bulk_create(
        User(email=f"u{n}@example.com", country=("MA", "KZ", "CN", "BR")[n % 4])
        for n in range(accounts)
    )
    superuser.language = "ru"
    superuser.save()
    client.force_login(superuser)
    # session, user, groups (filter), countries present (filter), count, total count, page
    with django_assert_max_num_queries(7):
        response = client.get(CHANGELIST)
    content = response.content.decode()
    # Бразилия, Казахстан, Китай, Марокко
    positions = [content.index(f"?country={code}") for code in ("BR", "KZ", "CN", "MA")]
    assert positions == sorted(positions)
