from concurrent.futures import ThreadPoolExecutor

from core.markdown import render_markdown


def test_markdown_is_rendered_and_sanitized():
    html = render_markdown(
        "**bold** [x](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=y>\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>bold</strong>" in html
    assert "<table>" in html
    assert "javascript" not in html
    assert "<script" not in html
    assert "onerror" not in html


def test_a_converter_keeps_no_state_between_texts():
    """The converter is reused: footnote-like state, lists or an open fence must not leak."""
    render_markdown("```\nopen fence")
    assert render_markdown("plain words") == "<p>plain words</p>"
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_same_text_is_rendered_once():
    render_markdown.cache_clear()
    render_markdown("Once *only*")
    render_markdown("Once *only*")
    assert render_markdown.cache_info().hits == 1


def test_threads_render_their_own_texts():
    texts = [f"item **{number}**\n\n- a\n- b" for number in range(200)]
    render_markdown.cache_clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        rendered = list(pool.map(render_markdown, texts))
    for number, html in enumerate(rendered):
        assert f"<strong>{number}</strong>" in html
        assert html.count("<li>") == 2
