"""A lookup the ORM compiles once: the same query on every request, by a new value.

The respondents' form asks one question on every page view and every submission: what
does this token open (link, survey, instrument, wave and organisation, one joined row).
Django compiles a queryset to SQL each time it runs, and for five joined tables of about
fifty columns the compiling cost more than the query, about half of a submission's CPU
in the intake benchmark. `PreparedLookup` lets the ORM compile the query once per
database, with a marker where the value goes, and then only swaps the value in, reads
the row and builds the model instances the way the queryset itself would (Django's own
converters and related-object populators, taken from the same compiler), so the objects
are the ones `queryset.first()` gives.

Only for a query that filters by exactly one value: the marker must appear once among
the compiled parameters, which `PreparedLookup` checks when it compiles.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# What stands in for the value while the query is compiled (a text nobody's token is).
_MARKER = "\x00kompass-prepared-value\x00"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    at: int  # where the value goes among the parameters
    model: type[Model]
    init_list: list[str]
    fields: slice
    converters: list[tuple[int, tuple[list, Any]]]
    populators: list


class PreparedLookup:
    """`first(value)`: the first model instance `build(value)` finds, or None, with its
    select_related objects filled in; the SQL is compiled once per database alias."""

    def __init__(self, build: Callable[[str], QuerySet]):
        self._build = build
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled:
        queryset = self._build(_MARKER)[:1]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = [i for i, p in enumerate(params) if p == _MARKER]
        if len(places) != 1:
            raise ValueError("a prepared lookup filters by exactly one value")
        select, klass_info = compiler.select, compiler.klass_info
        if compiler.annotation_col_map:
            raise ValueError("a prepared lookup has no annotations")
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(params),
            at=places[0],
            model=klass_info["model"],
            init_list=[column[0].target.attname for column in select[start:end]],
            fields=slice(start, end),
            converters=list(
                compiler.get_converters([s[0] for s in select[: compiler.col_count]]).items()
            ),
            populators=get_related_populators(klass_info, select, alias),
        )

    def first(self, value: str, *, using: str = "default") -> Model | None:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        params = list(compiled.params)
        params[compiled.at] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        # The database's values as the fields hold them (JSON, dates, booleans on
        # SQLite), with this thread's connection, as the compiler's own pass does.
        row = list(row)
        for position, (converters, expression) in compiled.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        obj = compiled.model.from_db(using, compiled.init_list, row[compiled.fields])
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj
