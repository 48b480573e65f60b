def answers_from_post(post, questions: list[dict]) -> dict:
    """The answers in a take-page form: `q<position>` fields (several values for multiple
    choice). Questions left blank are saved as blank."""
    answers = {}
    for question in questions:
        name = f"q{question['position']}"
        if question["kind"] == "multiple":
            answers[question["position"]] = post.getlist(name)
        else:
            answers[question["position"]] = post.get(name, "")
    return answers
