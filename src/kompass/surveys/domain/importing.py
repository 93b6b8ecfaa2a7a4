"""Importing answers from CSV or XLSX: one row per respondent.

Columns: `respondent, wave, organisation`, one per respondent attribute the survey
declares (`role, in_management_group, ...`) and one per item (`q1..qN` or the item code).
Blank = no answer; "vet ej" in any case = don't know (answers are coded by
`Codebook.encode`, as on the web form). Waves are matched by code or name, or created
from a period ("2012-10"); organisations by municipality code or name (and added to the
cohort). Every problem is collected with its row and column; a file with any problem
stores nothing. Validation runs per distinct value and column in Polars, so a million
rows cost seconds, and the import adds its own counts (see `counts.py`).

Respondent ids are used to refuse a row or a file given twice, and never stored: only a
keyed hash of survey, wave and id is (see `privacy.py`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.utils.translation import gettext as _

from kompass.analytics.survey_counts import FIRST_STEP, NotOnScale, count_codes, pack
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.lib.problems import Problems
from kompass.lib.tables import ROW, Table, read_table
from kompass.organisations.domain.register import OrganisationResolver
from kompass.surveys.domain.counts import (
    add_counts,
    counts_were_current,
    fine_groups,
    lock_state,
    record_added,
)
from kompass.surveys.domain.instrument import Layout, fold, layout_of
from kompass.surveys.domain.privacy import respondent_keys
from kompass.surveys.domain.results import prepare
from kompass.surveys.domain.surveys import parse_wave, touch
from kompass.surveys.models import CohortMember, Comment, Respondent, Survey, Wave

BASE_COLUMNS = {
    "respondent": ("respondent", "respondent_id", "svarande", "id"),
    "wave": ("wave", "omgång", "omgang"),
    "organisation": ("organisation", "organization", "kommun", "kommunkod", "org"),
}
MAX_PROBLEMS = 200
CHUNK = 100_000
INVALID = 255


@dataclass
class ImportResult:
    respondents: int
    waves_created: list[str] = field(default_factory=list)
    waves: list[str] = field(default_factory=list)  # codes of every wave the file answered
    organisations_added: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str = ""
    separator: str = ""


def _map_columns(table: Table, layout: Layout, problems: Problems):
    targets: dict[str, str] = {}
    for target, names in BASE_COLUMNS.items():
        for name in names:
            targets[fold(name)] = target
    for attribute in layout.respondent_attributes:
        targets[fold(attribute.code)] = f"attr:{attribute.code}"
        targets.setdefault(fold(attribute.label), f"attr:{attribute.code}")
    for item in layout.codebook.items:
        targets[fold(item.code)] = f"item:{item.code}"
        targets[fold(f"q{item.code}")] = f"item:{item.code}"
    found: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(table.columns):
        target = targets.get(fold(name))
        if target is None:
            if name:
                ignored.append(name)
            continue
        if target in found:
            problems.add(
                _("kolumnen förekommer två gånger (även kolumn %(n)s)") % {"n": found[target] + 1},
                row=table.header_row,
                column=name,
            )
            continue
        found[target] = index
    required = ["respondent", "wave", "organisation"]
    required += [f"attr:{a.code}" for a in layout.respondent_attributes]
    required += [f"item:{i.code}" for i in layout.codebook.items]
    for target in required:
        if target not in found:
            kind, _sep, code = target.partition(":")
            name = {"attr": code, "item": f"q{code}" if code[:1].isdigit() else code}.get(
                kind, kind
            )
            problems.add(
                _("kolumnen ”%(name)s” saknas") % {"name": name},
                row=table.header_row,
                column=name,
            )
    return found, ignored


def _rows_with(frame: pl.DataFrame, column: str, values) -> dict:
    """value -> (first rows (0-based), how many rows) for the given values of a column."""
    if not values:
        return {}
    hits = (
        frame.select(pl.col(column))
        .with_row_index("_row")
        .filter(pl.col(column).is_in(list(values)))
        .group_by(column)
        .agg(pl.col("_row").head(5), pl.len())
        .sort(pl.col("_row").list.first())
    )
    return {r[column]: (r["_row"], r["len"]) for r in hits.iter_rows(named=True)}


def _report(problems, table, rows_by_value, column_name, message_for):
    for value, (rows, count) in rows_by_value.items():
        message = message_for(value)
        for row in rows:
            problems.add(message, row=table.row_number(row), column=column_name)
        if count > len(rows):
            problems.add(
                _("samma fel på ytterligare %(n)s rader") % {"n": count - len(rows)},
                row=table.row_number(rows[-1]),
                column=column_name,
            )


def _scale_text(item) -> str:
    steps = item.steps
    if item.kind == "numeric" and steps == tuple(range(steps[0], steps[-1] + 1)):
        allowed = _("heltal %(low)s–%(high)s") % {"low": steps[0], "high": steps[-1]}
    else:
        allowed = ", ".join(str(s) for s in steps)
    if item.dont_know:
        return _("%(allowed)s, ”vet ej” eller tomt") % {"allowed": allowed}
    return _("%(allowed)s eller tomt") % {"allowed": allowed}


def _clean(value: str | None) -> str | None:
    """A cell as meant: surrounding and repeated spaces removed; blank -> None."""
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


def _distinct(series: pl.Series) -> dict:
    """Each distinct raw value of a column and its cleaned form."""
    return {raw: _clean(raw) for raw in series.unique().to_list()}


def _blank_rows(frame: pl.DataFrame, column: str, values: dict) -> list[int]:
    blanks = [raw for raw, clean in values.items() if clean is None]
    if not blanks:
        return []
    mask = frame[column].is_null() | frame[column].is_in([b for b in blanks if b is not None])
    return mask.arg_true().head(20).to_list()


def import_responses(
    *, survey: Survey, content: bytes, filename: str, progress=None
) -> ImportResult:
    """Validate the whole file, then store it in one transaction (or raise InputError).

    `progress(done, total)` is called as rows are stored (a progress bar on the command
    line; a large national survey takes several seconds)."""
    layout = layout_of(survey)
    table = read_table(content, filename)
    problems = Problems(filename, limit=MAX_PROBLEMS)
    found, ignored = _map_columns(table, layout, problems)
    problems.raise_if_any()
    frame = table.frame.select(pl.col(f"c{index}").alias(target) for target, index in found.items())
    table.frame = table.frame.select(ROW)  # only the row numbers are needed from here on
    names = {target: table.columns[index] for target, index in found.items()}
    if frame.height == 0:
        raise InputError(
            [InputProblem(_("filen innehåller inga svar"), file=filename, row=table.header_row + 1)]
        )

    # Respondent ids: present, not too long, unique per wave (checked further down).
    frame = frame.with_columns(pl.col("respondent").str.strip_chars().replace("", None))
    for row in frame["respondent"].is_null().arg_true().head(20).to_list():
        problems.add(
            _("respondent-id saknas"), row=table.row_number(row), column=names["respondent"]
        )
    too_long = (frame["respondent"].str.len_chars() > 100).arg_true()
    for row in too_long.head(20).to_list():
        problems.add(
            _("respondent-id får vara högst 100 tecken"),
            row=table.row_number(row),
            column=names["respondent"],
        )

    # Waves: existing by code or name, new ones from a period such as 2012-10.
    existing = {}
    for wave in survey.waves.all():
        existing[fold(wave.code)] = wave
        existing[fold(wave.name)] = wave
    wave_of: dict = {}
    new_waves: dict[str, tuple] = {}
    bad = {}
    values = _distinct(frame["wave"])
    for raw, value in values.items():
        if value is None:
            continue
        wave = existing.get(fold(value))
        if wave is None:
            parsed = parse_wave(value)
            if parsed is None:
                bad[raw] = value
                continue
            wave = existing.get(fold(parsed[0])) or new_waves.setdefault(parsed[0], parsed)
        wave_of[raw] = wave
    known = ", ".join(sorted({w.code for w in existing.values()})) or _("inga ännu")
    _report(
        problems,
        table,
        _rows_with(frame, "wave", bad),
        names["wave"],
        lambda v: (
            _(
                "okänd omgång ”%(wave)s” (finns: %(known)s; en ny omgång anges som ÅÅÅÅ, "
                "ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD)"
            )
            % {"wave": bad[v], "known": known}
        ),
    )
    for row in _blank_rows(frame, "wave", values):
        problems.add(_("omgång saknas"), row=table.row_number(row), column=names["wave"])
    # A closed wave takes no more answers: its results are shown, and comparing them
    # before and after an import would show the imported answers.
    closed = {raw: w.code for raw, w in wave_of.items() if isinstance(w, Wave) and w.is_closed()}
    _report(
        problems,
        table,
        _rows_with(frame, "wave", closed),
        names["wave"],
        lambda v: (
            _("omgång %(wave)s är stängd och tar inte emot fler svar (lägg till en ny omgång)")
            % {"wave": closed[v]}
        ),
    )

    # Organisations: by code or name, from the register.
    resolver = OrganisationResolver()
    org_of, bad = {}, {}
    values = _distinct(frame["organisation"])
    for raw, value in values.items():
        if value is None:
            continue
        try:
            org_of[raw] = resolver(value)
        except LookupError as exc:
            bad[raw] = str(exc).strip("'\"")
    _report(
        problems,
        table,
        _rows_with(frame, "organisation", bad),
        names["organisation"],
        lambda v: bad[v],
    )
    for row in _blank_rows(frame, "organisation", values):
        problems.add(
            _("organisation saknas"), row=table.row_number(row), column=names["organisation"]
        )

    # Respondent attributes: option value, label or alias; blank = not stated.
    attr_codes = []
    for attribute in layout.respondent_attributes:
        column = f"attr:{attribute.code}"
        mapping, bad = {}, {}
        for raw, value in _distinct(frame[column]).items():
            try:
                mapping[raw] = attribute.code_of(attribute.match(value))
            except LookupError:
                bad[raw] = value
        _report(
            problems,
            table,
            _rows_with(frame, column, bad),
            names[column],
            lambda v, a=attribute, b=bad: (
                _(
                    "”%(value)s” är inget alternativ för %(attribute)s (välj %(options)s eller lämna tomt)"
                )
                % {"value": b[v], "attribute": a.label.lower(), "options": ", ".join(a.values)}
            ),
        )
        attr_codes.append(frame[column].replace_strict(mapping, default=0, return_dtype=pl.UInt8))

    # Answers: a step of the item's scale, "vet ej" or blank.
    answer_codes = []
    texts: dict[str, pl.Series] = {}
    codebook = layout.codebook
    for position, item in enumerate(codebook.items):
        column = f"item:{item.code}"
        series = frame[column]
        if item.kind == "text":
            # Codebook.encode's rule for free text (anything written), column-wise: a
            # free-text column has as many distinct values as rows.
            text = series.str.strip_chars().replace("", None)
            texts[item.code] = text
            answer_codes.append(text.is_not_null().cast(pl.UInt8) * FIRST_STEP)
            continue
        code_map, bad = {}, {}
        for raw in series.unique().to_list():
            try:
                code_map[raw] = codebook.encode(position, raw)
            except NotOnScale as exc:
                bad[raw] = exc
        if bad:
            _report(
                problems,
                table,
                _rows_with(frame, column, bad),
                names[column],
                lambda v, i=item, b=bad: (
                    _("”vet ej” är inget svarsalternativ för påstående %(item)s (%(allowed)s)")
                    % {"item": i.code, "allowed": _scale_text(i)}
                    if b[v].dont_know
                    else _("”%(value)s” är inget svar på skalan (%(allowed)s)")
                    % {"value": b[v].value, "allowed": _scale_text(i)}
                ),
            )
        answer_codes.append(series.replace_strict(code_map, default=INVALID, return_dtype=pl.UInt8))
    problems.raise_if_any()
    # The answers are small integers now; the text columns can go (a million rows of them).
    frame = frame.drop([f"item:{i.code}" for i in layout.codebook.items])

    # Waves and organisations are known now: duplicates within the file and the survey.
    keyed = pl.DataFrame(
        {
            "wave": frame["wave"].replace_strict(
                {v: (w.code if isinstance(w, Wave) else w[0]) for v, w in wave_of.items()},
                return_dtype=pl.Utf8,
            ),
            "respondent": frame["respondent"],
        }
    )
    if keyed.select(pl.struct("wave", "respondent").is_duplicated().any()).item():
        duplicates = (
            keyed.with_row_index("_row")
            .group_by("wave", "respondent")
            .agg(pl.col("_row").head(5), pl.len())
            .filter(pl.col("len") > 1)
            .sort(pl.col("_row").list.first())
        )
        for row in duplicates.head(50).iter_rows(named=True):
            first = table.row_number(row["_row"][0])
            for later in row["_row"][1:]:
                problems.add(
                    _("respondent ”%(id)s” förekommer redan på rad %(first)s i samma omgång")
                    % {"id": row["respondent"], "first": first},
                    row=table.row_number(later),
                    column=names["respondent"],
                )
    # Only a keyed hash of survey, wave and respondent id is stored (privacy.py).
    keyed = keyed.with_columns(
        key=pl.Series(
            respondent_keys(
                survey.pk, zip(keyed["wave"].to_list(), keyed["respondent"].to_list(), strict=True)
            ),
            dtype=pl.Utf8,
        )
    )
    stored_waves = [w for w in wave_of.values() if isinstance(w, Wave)]
    if stored_waves:
        taken = list(
            Respondent.objects.filter(survey=survey, wave__in=stored_waves).values_list(
                "wave__code", "key"
            )
        )
        if taken:
            clash = (
                keyed.with_row_index("_row")
                .join(
                    pl.DataFrame(taken, schema=["wave", "key"], orient="row"),
                    on=["wave", "key"],
                    how="semi",
                )
                .sort("_row")
            )
            for row in clash.head(50).iter_rows(named=True):
                problems.add(
                    _(
                        "respondent ”%(id)s” finns redan i omgång %(wave)s; "
                        "en fil importeras bara en gång"
                    )
                    % {"id": row["respondent"], "wave": row["wave"]},
                    row=table.row_number(row["_row"]),
                    column=names["respondent"],
                )
    problems.raise_if_any()
    result = _store(
        survey,
        layout,
        frame,
        keyed["key"],
        wave_of,
        new_waves,
        org_of,
        attr_codes,
        answer_codes,
        texts,
        table,
        ignored,
        progress,
    )
    # The results of the new answers, computed now rather than by the next page view.
    prepare(survey)
    return result


def _store(
    survey,
    layout,
    frame,
    stored_keys,
    wave_of,
    new_waves,
    org_of,
    attr_codes,
    answer_codes,
    texts,
    table,
    ignored,
    progress=None,
):
    n = frame.height
    codes = np.column_stack([s.to_numpy() for s in answer_codes]).astype(np.uint8)
    width = len(attr_codes)
    attrs = (
        np.column_stack([s.to_numpy() for s in attr_codes]).astype(np.uint8)
        if width
        else np.zeros((n, 0), dtype=np.uint8)
    )
    keys = stored_keys.to_list()
    result = ImportResult(
        n, ignored_columns=ignored, encoding=table.encoding, separator=table.separator
    )
    with transaction.atomic():
        state = lock_state(survey)
        was_current = counts_were_current(survey, state, layout)
        created = {}
        for code, (_c, name, date) in sorted(new_waves.items()):
            created[code] = Wave.objects.create(
                survey=survey, code=code, name=name, date=date, framework_id=survey.framework_id
            )
            result.waves_created.append(code)
        wave_ids = {
            value: (w.pk if isinstance(w, Wave) else created[w[0]].pk)
            for value, w in wave_of.items()
        }
        result.waves = sorted({w.code if isinstance(w, Wave) else w[0] for w in wave_of.values()})
        members = set(survey.members.values_list("organisation_id", flat=True))
        added = []
        for organisation in {o.pk: o for o in org_of.values()}.values():
            if organisation.pk not in members:
                added.append(CohortMember(survey=survey, organisation=organisation, values={}))
                result.organisations_added.append(organisation.code or organisation.name)
        CohortMember.objects.bulk_create(added)
        # The trail records that answers were imported and how many, never the answers.
        trail.record_change(
            user=None,
            obj=survey,
            action=trail.Action.IMPORT,
            after={
                "svarande": n,
                "omgångar": result.waves,
                "nya_omgångar": result.waves_created,
                "nya_i_kohorten": result.organisations_added,
            },
        )
        wave_column = frame["wave"].replace_strict(wave_ids, return_dtype=pl.Int64).to_numpy()
        org_column = (
            frame["organisation"]
            .replace_strict({v: o.pk for v, o in org_of.items()}, return_dtype=pl.Int64)
            .to_numpy()
        )
        # Rows go in in key order: the unique index then grows at its end, which SQLite
        # does a good deal faster than inserts scattered over a million keys.
        order = (
            pl.DataFrame({"w": wave_column, "k": stored_keys})
            .with_row_index("i")
            .sort("w", "k")["i"]
            .to_numpy()
        )
        answers = pack(codes[order])
        packed_attrs = pack(attrs[order]) if width else [b""] * n
        sorted_waves, sorted_orgs = wave_column[order], org_column[order]
        sorted_keys = [keys[i] for i in order]
        # Random ids (models.random_id), drawn for the whole file and sorted, so that the
        # rows still go into the table's index in ascending order; the order they give is
        # that of the keyed hashes, which says nothing about the file's order.
        ids = _random_ids(n)
        table_name = Respondent._meta.db_table
        sql = (
            f"INSERT INTO {table_name} (id, survey_id, wave_id, organisation_id, key, attrs, "
            "answers, source, counted) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )
        with connection.cursor() as cursor:
            for start in range(0, n, CHUNK):
                end = min(n, start + CHUNK)
                cursor.executemany(
                    sql,
                    zip(
                        ids[start:end],
                        [survey.pk] * (end - start),
                        sorted_waves[start:end].tolist(),
                        sorted_orgs[start:end].tolist(),
                        sorted_keys[start:end],
                        packed_attrs[start:end],
                        answers[start:end],
                        ["i"] * (end - start),
                        # counted now when the import adds its counts itself (below)
                        [was_current] * (end - start),
                        strict=True,
                    ),
                )
                if progress is not None:
                    progress(end, n)
        _store_comments(survey, texts, wave_column, keys)
        if was_current:
            fine_keys, fine = fine_groups(wave_column, org_column, attrs, width)
            counts = count_codes(codes, fine, len(fine_keys), layout.codebook)
            sizes = np.bincount(fine, minlength=len(fine_keys))
            add_counts(survey, fine_keys, counts, sizes)
            record_added(state, layout, n)
        if created or added:
            touch(survey)
    return result


def _random_ids(n: int) -> list[int]:
    """n distinct random ids (1 .. 2**63 - 1), ascending, none of them taken already."""
    rng = np.random.default_rng(secrets.randbits(128))
    ids = np.unique(rng.integers(1, 2**63 - 1, size=n, dtype=np.int64))
    while True:
        taken = _taken(ids)
        if len(ids) == n and not taken:
            return ids.tolist()
        ids = np.setdiff1d(ids, np.fromiter(taken, dtype=np.int64))
        extra = rng.integers(1, 2**63 - 1, size=n - len(ids), dtype=np.int64)
        ids = np.unique(np.concatenate([ids, extra]))


def _taken(ids: np.ndarray) -> set[int]:
    taken: set[int] = set()
    values = ids.tolist()
    for start in range(0, len(values), 5000):
        taken.update(
            Respondent.objects.filter(pk__in=values[start : start + 5000]).values_list(
                "pk", flat=True
            )
        )
    return taken


def _store_comments(survey, texts, wave_column, keys) -> None:
    wanted = []
    for item, series in texts.items():
        for row in series.is_not_null().arg_true().to_list():
            wanted.append((int(wave_column[row]), keys[row], item, series[row]))
    if not wanted:
        return
    ids = {}
    by_wave: dict[int, list[str]] = {}
    for wave, key, _item, _text in wanted:
        by_wave.setdefault(wave, []).append(key)
    for wave, wave_keys in by_wave.items():
        for start in range(0, len(wave_keys), 500):
            chunk = wave_keys[start : start + 500]
            for key, pk in Respondent.objects.filter(
                survey=survey, wave_id=wave, key__in=chunk
            ).values_list("key", "id"):
                ids[(wave, key)] = pk
    Comment.objects.bulk_create(
        [
            Comment(survey=survey, respondent_id=ids[(wave, key)], item=item, text=text)
            for wave, key, item, text in wanted
        ],
        batch_size=1000,
    )
