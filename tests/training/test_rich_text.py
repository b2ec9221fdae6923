"""A preset's notes as safe rich text: which tags stay (bare), what is shown as text, where
the text is cut, and titles on one line."""

from __future__ import annotations

import pytest

from playground.training.rich_text import MAX_CHARS, MAX_TITLE_CHARS, plain_title, sanitize


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("<b>bold</b> <i>it</i> <u>u</u>", "<b>bold</b> <i>it</i> <u>u</u>"),
        ('<p class="x">para</p>', "<p>para</p>"),  # attributes dropped
        ("a<br>b<br/>c", "a<br>b<br>c"),
        ("<sub>2</sub><sup>3</sup>", "<sub>2</sub><sup>3</sup>"),
        ("<code>x</code><tt>y</tt><em>e</em><strong>s</strong>",
         "<code>x</code><tt>y</tt><em>e</em><strong>s</strong>"),
        ("<ol><li>1</li></ol>", "<ol><li>1</li></ol>"),
        ("<ul><li>one<li>two</ul>", "<ul><li>one<li>two</li></li></ul>"),
        ("<img src='a.png' width=30000>", "&lt;img src=&#x27;a.png&#x27; width=30000&gt;"),
        ("<img/>", "&lt;img/&gt;"),
        ("<b/>", "&lt;b/&gt;"),
        ("<img src='x'/>", "&lt;img src=&#x27;x&#x27;/&gt;"),
        ("</i>x", "&lt;/i&gt;x"),
        ("x</br>", "x"),
        ("a <!-- hidden --> b", "a  b"),
        ("<!DOCTYPE html>t", "t"),
        ("<b>never closed", "<b>never closed</b>"),
        ("<b><i>two never closed", "<b><i>two never closed</i></b>"),
        ("<b><i>both</b> after", "<b><i>both</i></b> after"),
        ("5 < 6 & \"q\"", "5 &lt; 6 &amp; \"q\""),
        ("&amp; &lt;", "&amp; &lt;"),
        # Python's parser gives up on this "<![": the whole text is shown as text
        ("see <![ x ]> & \"q\" <b>", "see &lt;![ x ]&gt; &amp; \"q\" &lt;b&gt;"),
    ],
)  # fmt: skip
@pytest.mark.timeout(10)  # a closing tag that never ends its loop fails instead of hanging
def test_only_plain_formatting_survives(text, clean) -> None:
    assert sanitize(text) == clean


def test_the_text_is_cut_at_the_limit_with_an_ellipsis() -> None:
    assert MAX_CHARS == 4000
    assert sanitize("x" * 4000) == "x" * 4000
    assert sanitize("x" * 4001) == "x" * 3999 + "…"
    assert sanitize("abcdef", max_chars=4) == "abc…"
    assert sanitize("abcd", max_chars=4) == "abcd"
    assert sanitize("<b>" + "x" * 10, max_chars=6) == "<b>xx…</b>"


def test_a_title_is_one_line_and_cut_at_the_limit() -> None:
    assert plain_title("  The   lecture's\n demo\t") == "The lecture's demo"
    assert MAX_TITLE_CHARS == 200
    assert plain_title("t" * 200) == "t" * 200
    assert plain_title("t" * 201) == "t" * 199 + "…"
    assert plain_title("<b>x</b>") == "<b>x</b>"  # shown as text, not rich text
