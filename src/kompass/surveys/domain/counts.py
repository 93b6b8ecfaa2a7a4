"""Keeping `GroupCounts` (counts per fine group) in step with the respondents.

`CountsState` records how many respondents the counts cover, the highest respondent id
and the layout they were counted with. Reading the counts first compares that with the
respondents table (one indexed query): if nothing changed the counts are used as they
are; if respondents were only added (web answers, an import) just the new ones are
counted and added; otherwise everything is recounted. An import adds its own counts in
its transaction, so a million imported answers are never read back.
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


def _now(survey: Survey) -> tuple[int, int]:
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


def _respondent_rows(survey: Survey, after: int):
    table = Respondent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, wave_id, organisation_id, attrs, answers FROM {table} "
            "WHERE survey_id = %s AND id > %s ORDER BY id",
            [survey.pk, after],
        )
        while True:
            chunk = cursor.fetchmany(CHUNK)
            if not chunk:
                break
            yield chunk


def refresh_counts(survey: Survey, layout: Layout | None = None) -> None:
    """Bring the counts up to date with the respondents (cheap when nothing changed)."""
    layout = layout or layout_of(survey)
    checksum = layout_checksum(layout)
    state = CountsState.objects.filter(survey=survey).first()
    current = _now(survey)
    if state and state.layout == checksum and (state.respondents, state.last_id) == current:
        return
    with transaction.atomic():
        state, _ = CountsState.objects.select_for_update().get_or_create(survey=survey)
        current = _now(survey)
        if state.layout == checksum and (state.respondents, state.last_id) == current:
            return
        incremental = state.layout == checksum and state.respondents <= current[0]
        start = state.last_id if incremental else 0
        added = 0
        if not incremental:
            GroupCounts.objects.filter(survey=survey).delete()
        for chunk in _respondent_rows(survey, start):
            keys, counts, sizes, _ = _count_rows(chunk, layout)
            add_counts(survey, keys, counts, sizes)
            added += len(chunk)
        if incremental and state.respondents + added != current[0]:
            # Respondents were removed as well as added: count everything again.
            GroupCounts.objects.filter(survey=survey).delete()
            for chunk in _respondent_rows(survey, 0):
                keys, counts, sizes, _ = _count_rows(chunk, layout)
                add_counts(survey, keys, counts, sizes)
        state.respondents, state.last_id = current
        state.layout = checksum
        state.save()


def counts_were_current(survey: Survey, layout: Layout) -> bool:
    """True when the stored counts cover exactly the respondents stored now (an import
    may then add its own counts instead of having everything recounted later)."""
    state = CountsState.objects.filter(survey=survey).first()
    current = _now(survey)
    if state is None:
        return current == (0, 0) and not GroupCounts.objects.filter(survey=survey).exists()
    return state.layout == layout_checksum(layout) and (state.respondents, state.last_id) == current


def mark_current(survey: Survey, layout: Layout) -> None:
    state, _ = CountsState.objects.get_or_create(survey=survey)
    state.respondents, state.last_id = _now(survey)
    state.layout = layout_checksum(layout)
    state.save()


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
