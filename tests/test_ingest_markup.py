"""HTML fragments to text."""

from reportedly.ingest.markup import strip_markup


def test_blocks_become_lines_and_scripts_are_dropped():
    fragment = (
        "Intro<p>First <b>bold</b>&nbsp;para.</p><script>alert(1)</script>"
        "<ul><li>one</li><li>two</li></ul>line<br>break<!-- note -->"
    )
    assert strip_markup(fragment) == "Intro\nFirst bold para.\none\ntwo\nline\nbreak"


def test_plain_text_and_empty_fragments():
    assert strip_markup("Just   words,\n  no tags.") == "Just words,\nno tags."
    assert strip_markup("") == ""
    assert strip_markup("<!-- only a comment -->") == ""
