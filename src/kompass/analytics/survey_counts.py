"""Answers as small integers, and the table of counts that holds everything the analysis
needs.

Each respondent's answers are stored once, packed one byte per item in the order of the
survey's codebook: 0 = no answer, 1 = "vet ej", 2 + i = the i-th step of the item's scale
(for a free-text item 2 means "wrote something"; the text itself is stored apart).

Respondents with the same wave, organisation and attributes form a *fine group*. For each
fine group and item the counts of every code (no answer, vet ej, each step) are enough to
compute n, mean, standard deviation and the distribution of any coarser group, so the
analysis never goes back to single respondents: 1.2 million respondents become a few
thousand rows of counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLANK = 0
DONT_KNOW = 1
FIRST_STEP = 2
DONT_KNOW_TEXTS = frozenset({"vet ej", "vetej", "vet-ej"})


@dataclass(frozen=True)
class ItemCode:
    """How one item's answers are coded. `steps` are the scale's values in order: numbers
    for numeric scales, option values for choice scales, ("text",) for free text."""

    code: str
    kind: str  # "numeric" | "choice" | "text"
    steps: tuple
    dont_know: bool = False

    @property
    def width(self) -> int:
        return FIRST_STEP + len(self.steps)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind,
            "steps": list(self.steps),
            "dont_know": self.dont_know,
        }

    @classmethod
    def from_json(cls, data: dict) -> ItemCode:
        return cls(data["code"], data["kind"], tuple(data["steps"]), bool(data["dont_know"]))


@dataclass(frozen=True)
class Codebook:
    items: tuple[ItemCode, ...]

    def __post_init__(self) -> None:
        for item in self.items:
            if item.width > 255:
                raise ValueError(f"item {item.code} has more than 253 steps")

    @property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum([i.width for i in self.items])]).astype(np.int64)

    @property
    def total(self) -> int:
        return int(sum(i.width for i in self.items))

    @property
    def max_steps(self) -> int:
        return max((len(i.steps) for i in self.items), default=0)

    def index(self, code: str) -> int:
        for position, item in enumerate(self.items):
            if item.code == code:
                return position
        raise KeyError(code)

    def to_json(self) -> list[dict]:
        return [i.to_json() for i in self.items]

    @classmethod
    def from_json(cls, data: list[dict]) -> Codebook:
        return cls(tuple(ItemCode.from_json(d) for d in data))

    def encode(self, position: int, value) -> int:
        """The stored code of one answer as written (a form field, a cell of a file):
        blank = no answer; "vet ej" (any case, also "vetej" and the form's "vet-ej") =
        don't know; otherwise a step of the scale, exactly or ignoring case; for a
        free-text item anything written. Raises NotOnScale for anything else. The web
        form and the import both code answers here."""
        item = self.items[position]
        text = "" if value is None else " ".join(str(value).split())
        if not text:
            return BLANK
        if item.kind == "text":
            return FIRST_STEP
        folded = text.casefold()
        if folded in DONT_KNOW_TEXTS:
            if not item.dont_know:
                raise NotOnScale(text, dont_know=True)
            return DONT_KNOW
        for index, step in enumerate(item.steps):
            if text == str(step):
                return FIRST_STEP + index
        for index, step in enumerate(item.steps):
            if folded == str(step).casefold():
                return FIRST_STEP + index
        raise NotOnScale(text)


class NotOnScale(ValueError):
    """An answer that is no step of the item's scale; `dont_know` when it is "vet ej" for
    an item that has no such option."""

    def __init__(self, value: str, *, dont_know: bool = False):
        super().__init__(value)
        self.value = value
        self.dont_know = dont_know


def pack(codes: np.ndarray) -> list[bytes]:
    """One bytes object per row of a (respondents, items) uint8 matrix."""
    matrix = np.ascontiguousarray(codes, dtype=np.uint8)
    width = matrix.shape[1]
    buffer = matrix.tobytes()
    return [buffer[i : i + width] for i in range(0, len(buffer), width)] if width else []


def unpack(blobs: list[bytes], n_items: int) -> np.ndarray:
    """The (respondents, items) uint8 matrix of packed answers."""
    if not blobs:
        return np.zeros((0, n_items), dtype=np.uint8)
    joined = b"".join(bytes(b) for b in blobs)
    if len(joined) != len(blobs) * n_items:
        raise ValueError("packed answers do not match the codebook")
    return np.frombuffer(joined, dtype=np.uint8).reshape(len(blobs), n_items)


def count_codes(codes: np.ndarray, fine: np.ndarray, n_fine: int, codebook: Codebook) -> np.ndarray:
    """Counts per fine group: a (n_fine, codebook.total) uint32 matrix whose columns are,
    item by item, [no answer, vet ej, step 1, step 2, ...]."""
    codes = np.asarray(codes, dtype=np.uint8)
    fine = np.asarray(fine, dtype=np.int64)
    out = np.zeros((n_fine, codebook.total), dtype=np.uint32)
    offsets = codebook.offsets
    for position, item in enumerate(codebook.items):
        width = item.width
        column = codes[:, position].astype(np.int64)
        if len(column) and int(column.max()) >= width:
            raise ValueError(f"item {item.code}: code outside the scale")
        flat = np.bincount(fine * width + column, minlength=n_fine * width)
        out[:, offsets[position] : offsets[position + 1]] = flat.reshape(n_fine, width)
    return out


def counts_to_bytes(row: np.ndarray) -> bytes:
    return np.ascontiguousarray(row, dtype="<u4").tobytes()


def counts_from_bytes(blobs: list[bytes], codebook: Codebook) -> np.ndarray:
    if not blobs:
        return np.zeros((0, codebook.total), dtype=np.uint32)
    joined = b"".join(bytes(b) for b in blobs)
    matrix = np.frombuffer(joined, dtype="<u4")
    if matrix.size != len(blobs) * codebook.total:
        raise ValueError("stored counts do not match the codebook")
    return matrix.reshape(len(blobs), codebook.total).astype(np.uint32)
