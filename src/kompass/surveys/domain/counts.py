"""Keeping `GroupCounts` (counts per fine group) in step with the respondents.

`CountsState` records exactly what the counts cover: how many respondents were counted,
the highest respondent id the counting read up to (`last_id`), and the layout they were
counted with. Reading the counts first compares the number and highest id of the stored
respondents with it (one indexed query): if nothing changed the counts are used as they
are; otherwise new respondents are counted, reading only ids above `last_id` and up to
the highest id noted at the start (a respondent committed meanwhile waits for the next
refresh instead of being counted once now and again then). If the counted total then
differs from the number noted at the start (respondents were removed, or a transaction
that took a lower id committed late), everything is recounted. An import adds its own
counts in its transaction and records only what it counted itself, so a web answer
committed during the import is found by the next refresh; a million imported answers are
never read back.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.db.models import Count, Max

from kompass.analytics.survey_counts import count_codes, counts_from_bytes, counts_to_bytes, unpack
from kompass.surveys.domain.instrument import Layout, layout_of
from kompass.surveys.models import CountsState, GroupCounts, Respondent, Survey

CHUNK = 200_000


def layout_checksum(layout: Layout) -> str:
    data = {
        "codebook": layout.codebook.to_json(),
        "attributes": [[a.code, list(a.values)] for a in layout.respondent_attributes],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def respondents_now(survey: Survey) -> tuple[int, int]:
    """(number of respondents, highest id) stored for the survey now."""
    row = Respondent.objects.filter(survey=survey).aggregate(n=Count("id"), last=Max("id"))
    return row["n"] or 0, row["last"] or 0


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
    return keys, counts, sizes, max(ids)


def _respondent_rows(survey: Survey, after: int, upto: int):
    table = Respondent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, wave_id, organisation_id, attrs, answers FROM {table} "
            "WHERE survey_id = %s AND id > %s AND id <= %s ORDER BY id",
            [survey.pk, after, upto],
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


def _count_range(survey: Survey, layout: Layout, after: int, upto: int) -> int:
    """Add the respondents with after < id <= upto to the counts; returns how many."""
    counted = 0
    for chunk in _respondent_rows(survey, after, upto):
        keys, counts, sizes, _ = _count_rows(chunk, layout)
        add_counts(survey, keys, counts, sizes)
        counted += len(chunk)
    return counted


def count_up_to(
    survey: Survey, layout: Layout, state: CountsState, target: tuple[int, int]
) -> None:
    """Bring the counts to the respondents noted in `target` (number, highest id), inside
    the caller's transaction with `state` locked, and record exactly what was counted."""
    checksum = layout_checksum(layout)
    number, upto = target
    if state.layout == checksum and (state.respondents, state.last_id) == (number, upto):
        return
    if state.layout == checksum and state.respondents <= number and state.last_id <= upto:
        counted = state.respondents + _count_range(survey, layout, state.last_id, upto)
        if counted == number:
            _record(state, counted, upto, checksum)
            return
    # Respondents were removed, or committed late below the last counted id: recount.
    GroupCounts.objects.filter(survey=survey).delete()
    _record(state, _count_range(survey, layout, 0, upto), upto, checksum)


def _record(state: CountsState, respondents: int, last_id: int, checksum: str) -> None:
    state.respondents, state.last_id, state.layout = respondents, last_id, checksum
    state.save()


def refresh_counts(survey: Survey, layout: Layout | None = None) -> None:
    """Bring the counts up to date with the respondents (cheap when nothing changed)."""
    layout = layout or layout_of(survey)
    checksum = layout_checksum(layout)
    state = CountsState.objects.filter(survey=survey).first()
    if (
        state
        and state.layout == checksum
        and (state.respondents, state.last_id) == respondents_now(survey)
    ):
        return
    with transaction.atomic():
        state = lock_state(survey)
        count_up_to(survey, layout, state, respondents_now(survey))


def counts_were_current(survey: Survey, state: CountsState, layout: Layout) -> bool:
    """True when the stored counts cover exactly the respondents stored now (an import
    may then add its own counts instead of having everything recounted later). `state`
    comes from `lock_state` in the same transaction."""
    current = respondents_now(survey)
    if not state.layout and state.respondents == 0:  # never counted
        return current == (0, 0) and not GroupCounts.objects.filter(survey=survey).exists()
    return state.layout == layout_checksum(layout) and (state.respondents, state.last_id) == current


def record_added(state: CountsState, layout: Layout, respondents: int, last_id: int) -> None:
    """After an import added the counts of its own `respondents` (ids up to `last_id`):
    the counts now cover what they covered before and these, nothing else."""
    _record(
        state,
        state.respondents + respondents,
        max(state.last_id, last_id),
        layout_checksum(layout),
    )


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
