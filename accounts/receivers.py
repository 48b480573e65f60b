"""Reactions to Django's auth events, connected in AccountsConfig.ready()."""

from accounts import services

# Set by the language switcher while nobody is signed in; the session survives login (Django
# cycles its key but keeps its data), so the choice reaches the account that logs in next.
LANGUAGE_CHOSEN_BEFORE_LOGIN = "language_chosen_before_login"


def keep_language_chosen_before_login(sender, request, user, **kwargs) -> None:
    """A language picked with the switcher before logging in is the learner's latest explicit
    choice: store it on the account instead of letting the stored one override it. A language
    cookie alone is not enough (it may be left from an earlier visit on this browser)."""
    if request is None or not hasattr(request, "session"):
        return
    language = request.session.pop(LANGUAGE_CHOSEN_BEFORE_LOGIN, None)
    if language and language != user.language:
        services.user_set_language(user=user, language=language)
