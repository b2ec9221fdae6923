"""Text from a file that the window shows as Qt rich text: a few harmless tags, bounded length.

A preset's notes are shown in a rich-text label. Qt honours ``<img width=30000 ...>`` by
allocating the picture, loads ``<img src=...>`` from disk, and a megabyte of text freezes the
layout. So only plain formatting survives (bold, italics, line breaks, paragraphs, lists,
sub/superscripts, code), without attributes; every other tag is shown as text, and the whole
is cut at ``MAX_CHARS`` characters.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

MAX_CHARS = 4000  # several paragraphs; a lecture note on a projector is far shorter
MAX_TITLE_CHARS = 200
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "br", "p", "ul", "ol", "li", "sub", "sup", "code", "tt"}
)
_VOID_TAGS = frozenset({"br"})


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in ALLOWED_TAGS:
            self.parts.append(html.escape(self.get_starttag_text() or f"<{tag}>"))
        elif tag in _VOID_TAGS:
            self.parts.append(f"<{tag}>")
        else:
            self.parts.append(f"<{tag}>")
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _VOID_TAGS:
            self.parts.append(f"<{tag}>")
        else:
            self.parts.append(html.escape(self.get_starttag_text() or f"<{tag}/>"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open:  # close anything left open inside it, too
                inner = self.open.pop()
                self.parts.append(f"</{inner}>")
                if inner == tag:
                    break
        elif tag not in _VOID_TAGS:
            self.parts.append(html.escape(f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.parts.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def sanitize(text: str, max_chars: int = MAX_CHARS) -> str:
    """``text`` as safe, bounded rich text: allowed tags kept bare, everything else escaped."""
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    parser = _Sanitizer()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # Python's parser gives up on a "<![" it cannot read ("<![ x ]>")
        return html.escape(text, quote=False)
    closing = "".join(f"</{tag}>" for tag in reversed(parser.open))
    return "".join(parser.parts) + closing


def plain_title(text: str) -> str:
    """A title shown as text (menu entries) and inside the bold line of the notes."""
    text = " ".join(text.split())
    if len(text) > MAX_TITLE_CHARS:
        text = text[: MAX_TITLE_CHARS - 1] + "…"
    return text
