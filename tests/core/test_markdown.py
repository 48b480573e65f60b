from concurrent.futures import ThreadPoolExecutor

from core import markdown
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


def test_a_short_text_is_rendered_once_and_a_long_one_is_not_kept():
    markdown._render_memoized.cache_clear()
    render_markdown("Once *only*")
    render_markdown("Once *only*")
    assert markdown._render_memoized.cache_info().hits == 1
    long = "word " * markdown.MEMO_MAX_CHARS
    assert render_markdown(long) == render_markdown(long)
    assert markdown._render_memoized.cache_info().currsize == 1


def test_threads_render_their_own_texts():
    texts = [f"item **{number}**\n\n- a\n- b" for number in range(200)]
    markdown._render_memoized.cache_clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        rendered = list(pool.map(render_markdown, texts))
    for number, html in enumerate(rendered):
        assert f"<strong>{number}</strong>" in html
        assert html.count("<li>") == 2
