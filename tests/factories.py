"""Test data, made through the same services the site uses."""

import factory

from accounts import services
from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.Factory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    full_name = factory.Faker("name")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, **fields):
        return services.user_create_confirmed(**fields)


class InstructorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"instructor{n}@example.com")

    @classmethod
    def _create(cls, model_class, **fields):
        user = super()._create(model_class, **fields)
        services.instructor_grant(user=user)
        return user
