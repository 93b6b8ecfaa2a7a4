"""Key-ratio tables without YAML: one form for the table, its metrics, its derived ratios
(numerator, denominator, factor), targets and comparability notes. The form collects what a
YAML definition holds and hands it to the same domain function
(`keyratios.save_definition`), so both check the same things; each problem is shown beside
the field it is about, and once more at the top naming the row and the field as the page
labels them. What was typed stays in the fields when something is wrong."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompass.accounts.access import editable_organisations, get_ratio_table_for_user
from kompass.core.errors import InputError
from kompass.indicators.domain.keyratios.definitions import save_definition
from kompass.indicators.forms import DerivedFormSet, MetricFormSet, NoteFormSet, TableForm
from kompass.lib.numbers import decimals_of, format_number

SECTIONS = {
    "metrics": gettext_lazy("Nyckeltal"),
    "derived": gettext_lazy("Beräknat nyckeltal"),
    "notes": gettext_lazy("Anmärkning"),
}
TABLE_FIELDS = {"table": "slug"}  # definition key -> form field, where they differ
PATH = re.compile(r"^(metrics|derived|notes)\[(\d+)\](?:\.(\w+))?")


def _key(name: str) -> str:
    return slugify(name).replace("-", "_")[:70]


def _number_text(value) -> str:
    return "" if value is None else format_number(value, decimals_of(value))


def _initial(table) -> dict:
    """The forms' initial values for an existing table."""
    metrics, derived = [], []
    for m in table.metrics.all():
        common = {
            "name": m.name,
            "key": m.key,
            "unit": m.unit,
            "decimals": None if m.auto_decimals else m.decimals,
            "direction": m.direction,
            "target": _number_text(m.target),
            "target_note": m.target_note,
            "group": m.group,
        }
        if m.is_derived:
            derived.append(
                {
                    **common,
                    "numerator": " + ".join(m.numerator),
                    "denominator": " + ".join(m.denominator),
                    "factor": _number_text(m.factor),
                }
            )
        else:
            metrics.append({**common, "kolada": m.kolada_kpi})
    notes = [
        {
            "text": n.text,
            "organisation": n.organisation.code or n.organisation.name if n.organisation else "",
            "metric": n.metric.key if n.metric else "",
        }
        for n in table.notes.select_related("organisation", "metric")
    ]
    return {
        "table": {
            "name": table.name,
            "slug": table.slug,
            "owner": table.owner.code if table.owner else "",
            "description": table.description,
            "source": table.source,
            "comparability": table.comparability,
        },
        "metrics": metrics,
        "derived": derived,
        "notes": notes,
    }


def _kept(formset) -> list:
    """The forms of a formset that hold a row: filled in and not marked for removal."""
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _definition(table_form, formsets, *, slug: str | None) -> tuple[dict, dict]:
    """The definition as data, and where each of its rows came from (section, index) ->
    form, so a problem finds its field."""
    t = table_form.cleaned_data
    rows: dict[tuple[str, int], object] = {}
    metrics = []
    for index, form in enumerate(_kept(formsets["metrics"])):
        c = form.cleaned_data
        rows[("metrics", index)] = form
        metrics.append(
            {
                "key": c["key"].strip() or _key(c["name"]),
                "name": c["name"],
                "unit": c["unit"],
                "decimals": c["decimals"],
                "direction": c["direction"],
                "target": c["target"] or None,
                "target_note": c["target_note"],
                "group": c["group"],
                "kolada": c["kolada"].strip().upper(),
            }
        )
    refs = {}
    for m in metrics:
        refs[m["name"].casefold()] = m["key"]
        refs[m["key"].casefold()] = m["key"]

    def terms(text: str) -> list[str]:
        parts = [p.strip() for p in re.split(r"[+,;]", text or "") if p.strip()]
        return [refs.get(p.casefold(), p) for p in parts]

    derived = []
    for index, form in enumerate(_kept(formsets["derived"])):
        c = form.cleaned_data
        rows[("derived", index)] = form
        spec = {
            "key": c["key"].strip() or _key(c["name"]),
            "name": c["name"],
            "unit": c["unit"],
            "direction": c["direction"],
            "target": c["target"] or None,
            "target_note": c["target_note"],
            "group": c["group"],
            "numerator": terms(c["numerator"]),
            "denominator": terms(c["denominator"]),
            "factor": c["factor"] or None,
        }
        if c["decimals"] is not None:
            spec["decimals"] = c["decimals"]
        derived.append(spec)
    notes = []
    for index, form in enumerate(_kept(formsets["notes"])):
        c = form.cleaned_data
        rows[("notes", index)] = form
        metric = c["metric"].strip()
        notes.append(
            {
                "text": c["text"],
                "organisation": c["organisation"].strip() or None,
                "metric": refs.get(metric.casefold(), metric) if metric else None,
            }
        )
    data = {
        "table": slug or t["slug"].strip() or _key(t["name"]).replace("_", "-"),
        "name": t["name"],
        "owner": t["owner"] or None,
        "description": t["description"],
        "source": t["source"],
        "comparability": t["comparability"],
        "metrics": metrics,
        "derived": derived,
        "notes": notes,
    }
    for m in metrics:  # the definition's own default: decimals follow the figures
        if m["decimals"] is None:
            del m["decimals"]
    return data, rows


def _show(exc: InputError, table_form, rows: dict) -> list[str]:
    """Each problem beside its field; the list at the top names row and field as the
    page labels them ("Nyckeltal 2, Namn: ange nyckeltalets namn")."""
    summary = []
    for problem in exc.problems:
        match = PATH.match(problem.field or "")
        if match:
            section, index, name = match.group(1), int(match.group(2)), match.group(3)
            form = rows.get((section, index))
            where = f"{SECTIONS[section]} {index + 1}"
            if form is not None and name in form.fields:
                form.add_error(name, problem.message)
                where += f", {form.fields[name].label}"
            elif form is not None:
                form.add_error(None, problem.message)
            summary.append(f"{where}: {problem.message}")
            continue
        name = TABLE_FIELDS.get(problem.field, problem.field)
        if name in table_form.fields:
            table_form.add_error(name, problem.message)
            summary.append(f"{table_form.fields[name].label}: {problem.message}")
        elif problem.field in SECTIONS:
            summary.append(f"{SECTIONS[problem.field]}: {problem.message}")
        else:
            summary.append(problem.message)
    return summary


@login_required
def table_form(request, slug=None):
    user = request.user
    table = get_ratio_table_for_user(user, slug, edit=True) if slug else None
    owners = list(editable_organisations(user).order_by("name")[:400])
    if table is None and not (user.is_administrator or owners):
        raise PermissionDenied
    initial = _initial(table) if table is not None else {}
    bound = request.method == "POST"
    table_form_ = TableForm(
        request.POST if bound else None,
        initial=initial.get("table"),
        owners=owners,
        allow_shared=user.is_administrator,
    )
    if table is not None:
        table_form_.fields["slug"].disabled = True
    formsets = {
        "metrics": MetricFormSet(
            request.POST if bound else None, prefix="metrics", initial=initial.get("metrics")
        ),
        "derived": DerivedFormSet(
            request.POST if bound else None, prefix="derived", initial=initial.get("derived")
        ),
        "notes": NoteFormSet(
            request.POST if bound else None, prefix="notes", initial=initial.get("notes")
        ),
    }
    summary: list[str] = []
    if bound:
        # Every form is checked (not only up to the first invalid one): all errors show.
        checked = [table_form_.is_valid(), *(fs.is_valid() for fs in formsets.values())]
        if all(checked):
            data, rows = _definition(
                table_form_, formsets, slug=table.slug if table is not None else None
            )
            try:
                saved, created = save_definition(
                    data=data,
                    user=user,
                    expected_slug=table.slug if table is not None else None,
                    new=table is None,
                )
            except InputError as exc:
                summary = _show(exc, table_form_, rows)
            except PermissionDenied as exc:
                summary = [str(exc)]
            else:
                messages.success(
                    request,
                    _("Tabellen är skapad. Ladda ner Excel-mallen, fyll i den och ladda upp den.")
                    if created
                    else _("Tabellen är sparad."),
                )
                return redirect("indicators:table", slug=saved.slug)
        else:
            summary = [_("Rätta det som är markerat nedan.")]
    return render(
        request,
        "indicators/table_form.html",
        {
            "table": table,
            "table_form": table_form_,
            "sections": [
                (name, SECTIONS[name], formsets[name]) for name in ("metrics", "derived", "notes")
            ],
            "summary": summary,
        },
    )
