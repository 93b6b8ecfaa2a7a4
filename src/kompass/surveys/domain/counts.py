"""Keeping `GroupCounts` (counts per fine group) in step with the respondents.

Respondents have random ids and no time (see `models.Respondent`), so "the ones added
since the last counting" cannot be found by id or date. Each respondent carries a flag
instead: `counted` is false when it is stored from the web (or by an import that left the
counting to later) and turns true in the transaction that adds it to the counts.
`CountsState` records how many respondents the counts cover, a version that grows with
every change, and the layout they were counted with.

Reading the counts first checks, with two indexed queries, that no respondent waits to be
counted and that the number stored is the number counted: then the counts are used as
they are. Otherwise, with the state locked (one counting or import at a time per survey),
the respondents not yet counted that are committed now are read, added and marked; one
committed meanwhile keeps its flag and is counted by the next reading, once. If the
number of counted respondents then differs from what the state says (respondents were
removed), or the layout changed, everything is recounted. An import adds its own counts
in its transaction and stores its rows as counted, so a million imported answers are
never read back; a web answer committed during the import is found by the next reading.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import polars as pl
from django.db import connection, transaction

from kompass.analytics.survey_counts import count_codes, counts_from_bytes, counts_to_bytes, unpack
from kompass.surveys.domain.instrument import Layout, layout_of
from kompass.surveys.models import CountsState, GroupCounts, Respondent, Survey

CHUNK = 200_000
MARK_BATCH = 5000  # ids per UPDATE (well below SQLite's limit on parameters)


def layout_checksum(layout: Layout) -> str:
    data = {
        "codebook": layout.codebook.to_json(),
        "attributes": [[a.code, list(a.values)] for a in layout.respondent_attributes],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def respondents_now(survey: Survey) -> tuple[int, bool]:
    """(number of respondents stored for the survey now, whether any waits to be
    counted)."""
    return (
        Respondent.objects.filter(survey=survey).count(),
        Respondent.objects.filter(survey=survey, counted=False).exists(),
    )


def fine_groups(waves, orgs, attrs, width: int):
    """Fine-group index of each respondent and the distinct keys (wave id, organisation
    id, one column per respondent attribute code), via a Polars join, not a Python loop.
    `attrs` is a list of packed bytes or an (n, width) uint8 matrix."""
    columns = {"w": np.asarray(waves, dtype=np.int64), "o": np.asarray(orgs, dtype=np.int64)}
    if width:
        if isinstance(attrs, np.ndarray):
            matrix = attrs
        else:
            padded = b"".join(bytes(a)[:width].ljust(width, b"\0") for a in attrs)
            matrix = np.frombuffer(padded, dtype=np.uint8).reshape(len(columns["w"]), width)
        for i in range(width):
            columns[f"a{i}"] = matrix[:, i].astype(np.int64)
    frame = pl.DataFrame(columns)
    keys = frame.unique(maintain_order=True).with_row_index("fine")
    index = frame.join(keys, on=list(columns), how="left", maintain_order="left")["fine"]
    return keys.drop("fine").to_numpy(), index.to_numpy().astype(np.int64)


def add_counts(survey: Survey, keys: np.ndarray, counts: np.ndarray, sizes: np.ndarray) -> None:
    """Add counts for fine groups (rows of `keys`: wave id, organisation id, attr bytes)
    to the stored ones. Runs inside the caller's transaction."""
    width = keys.shape[1] - 2
    stored = {
        (g.wave_id, g.organisation_id, bytes(g.attrs)): g
        for g in GroupCounts.objects.filter(survey=survey)
    }
    codebook_total = counts.shape[1]
    new, changed = [], []
    for row, key in enumerate(keys):
        attrs = bytes(int(b) for b in key[2:]) if width else b""
        ident = (int(key[0]), int(key[1]), attrs)
        group = stored.get(ident)
        if group is None:
            new.append(
                GroupCounts(
                    survey=survey,
                    wave_id=ident[0],
                    organisation_id=ident[1],
                    attrs=attrs,
                    respondents=int(sizes[row]),
                    counts=counts_to_bytes(counts[row]),
                )
            )
        else:
            before = np.frombuffer(bytes(group.counts), dtype="<u4")
            if before.size != codebook_total:
                raise ValueError("stored counts do not match the codebook")
            group.counts = counts_to_bytes(before + counts[row])
            group.respondents += int(sizes[row])
            changed.append(group)
    GroupCounts.objects.bulk_create(new, batch_size=2000)
    GroupCounts.objects.bulk_update(changed, ["counts", "respondents"], batch_size=2000)


def _count_rows(rows, layout: Layout):
    ids, waves, orgs, attrs, answers = zip(*rows, strict=True)
    width = len(layout.respondent_attributes)
    keys, inverse = fine_groups(waves, orgs, attrs, width)
    codes = unpack(answers, len(layout.codebook.items))
    counts = count_codes(codes, inverse, len(keys), layout.codebook)
    sizes = np.bincount(inverse, minlength=len(keys))
    return keys, counts, sizes, ids


def _respondent_rows(survey: Survey, *, counted: bool):
    table = Respondent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, wave_id, organisation_id, attrs, answers FROM {table} "
            "WHERE survey_id = %s AND counted = %s",
            [survey.pk, counted],
        )
        while True:
            chunk = cursor.fetchmany(CHUNK)
            if not chunk:
                break
            yield chunk


def lock_state(survey: Survey) -> CountsState:
    """The survey's counts state, locked until the end of the caller's transaction (one
    refresh or import at a time per survey)."""
    state, _ = CountsState.objects.select_for_update().get_or_create(survey=survey)
    return state


def _count(survey: Survey, layout: Layout, *, counted: bool) -> int:
    """Add the respondents whose flag is `counted` to the counts and mark the ones read
    (only those: one committed meanwhile waits for the next reading); returns how many."""
    total = 0
    for chunk in _respondent_rows(survey, counted=counted):
        keys, counts, sizes, ids = _count_rows(chunk, layout)
        add_counts(survey, keys, counts, sizes)
        if not counted:
            for start in range(0, len(ids), MARK_BATCH):
                Respondent.objects.filter(pk__in=ids[start : start + MARK_BATCH]).update(
                    counted=True
                )
        total += len(chunk)
    return total


def count_new(survey: Survey, layout: Layout, state: CountsState) -> None:
    """Bring the counts up to date, inside the caller's transaction with `state` locked
    (`lock_state`), and record exactly what they cover."""
    checksum = layout_checksum(layout)
    if state.layout == checksum:
        counted = state.respondents + _count(survey, layout, counted=False)
        if Respondent.objects.filter(survey=survey, counted=True).count() == counted:
            _record(state, counted, checksum)
            return
    # Respondents were removed, or the layout changed: recount everything. Marking
    # first takes the respondents committed now; one committed later stays unmarked.
    GroupCounts.objects.filter(survey=survey).delete()
    Respondent.objects.filter(survey=survey, counted=False).update(counted=True)
    _record(state, _count(survey, layout, counted=True), checksum)


def _record(state: CountsState, respondents: int, checksum: str) -> None:
    state.respondents, state.layout = respondents, checksum
    state.version += 1
    state.save()


def _is_current(survey: Survey, state: CountsState | None, checksum: str) -> bool:
    return (
        state is not None
        and state.layout == checksum
        and respondents_now(survey) == (state.respondents, False)
    )


def refresh_counts(survey: Survey, layout: Layout | None = None) -> None:
    """Bring the counts up to date with the respondents (cheap when nothing changed)."""
    layout = layout or layout_of(survey)
    if _is_current(
        survey, CountsState.objects.filter(survey=survey).first(), layout_checksum(layout)
    ):
        return
    with transaction.atomic():
        count_new(survey, layout, lock_state(survey))


def counts_were_current(survey: Survey, state: CountsState, layout: Layout) -> bool:
    """True when the stored counts cover exactly the respondents stored now (an import
    may then add its own counts instead of having everything recounted later). `state`
    comes from `lock_state` in the same transaction."""
    if not state.layout and state.respondents == 0:  # never counted
        return (
            not Respondent.objects.filter(survey=survey).exists()
            and not GroupCounts.objects.filter(survey=survey).exists()
        )
    return _is_current(survey, state, layout_checksum(layout))


def record_added(state: CountsState, layout: Layout, respondents: int) -> None:
    """After an import added the counts of its own `respondents` (stored as counted):
    the counts now cover what they covered before and these, nothing else."""
    _record(state, state.respondents + respondents, layout_checksum(layout))


def load_counts(
    survey: Survey, layout: Layout, org_codes: dict[int, str], wave_codes: dict[int, str]
):
    """The fine groups (a Polars frame: wave, organisation, respondent attributes,
    respondents) and their counts matrix, read from `GroupCounts` (bring them up to date
    first with `refresh_counts`)."""
    rows = list(
        GroupCounts.objects.filter(survey=survey)
        .order_by("wave_id", "organisation_id", "attrs")
        .values_list("wave_id", "organisation_id", "attrs", "respondents", "counts")
    )
    attributes = layout.respondent_attributes
    columns: dict[str, list] = {"wave": [], "organisation": [], "respondents": []}
    for attribute in attributes:
        columns[attribute.code] = []
    blobs = []
    for wave_id, organisation_id, attrs, respondents, counts in rows:
        columns["wave"].append(wave_codes[wave_id])
        columns["organisation"].append(org_codes[organisation_id])
        columns["respondents"].append(respondents)
        decoded = layout.decode_attrs(bytes(attrs))
        for attribute in attributes:
            columns[attribute.code].append(decoded[attribute.code] or "")
        blobs.append(counts)
    schema = {c: (pl.Int64 if c == "respondents" else pl.Utf8) for c in columns}
    frame = pl.DataFrame(columns, schema=schema)
    return frame, counts_from_bytes(blobs, layout.codebook)
