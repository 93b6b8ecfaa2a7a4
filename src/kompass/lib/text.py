"""Short forms of long texts for places with little room (a drop-down, a title)."""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, *, width: int) -> str:
    """`text` in at most `width` characters, cut at a word boundary with "…" when it is
    longer, so that a reader never sees half a word ("förbättr"). A first word longer
    than `width` is cut inside the word (there is no boundary to cut at)."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    room = max(width - len(ELLIPSIS), 1)
    head = text[: room + 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else text[:room]
    return head.rstrip(" ,;:.–-") + ELLIPSIS
