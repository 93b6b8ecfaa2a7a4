"""Kolada imports as background jobs: the page starts one, "Mina jobb" shows its progress.

A job acts as the user who started it and fetches its target through the same access
policy as the pages (a table the user may change, an indicator of an organisation the user
edits). Every KPI is fetched first, with progress after each request to Kolada; then all
of them are stored in one transaction, so a failure anywhere stores nothing. Kolada's
refusals and outages are bad input for the job (they fail at once, with the client's
Swedish message); the client has already retried what can be retried.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kompass.core.errors import InputError, InputProblem
from kompass.jobs import job

STEP = 100  # progress units per KPI: 90 for fetching, 10 for storing


def _target(user, target: str):
    from kompass.accounts.access import get_indicator_for_user, get_ratio_table_for_user

    kind, _sep, key = str(target).partition(":")
    if kind == "table" and key:
        return get_ratio_table_for_user(user, key, edit=True), None
    if kind == "indicator" and key.isdigit():
        return None, get_indicator_for_user(user, int(key), edit=True)
    raise InputError([InputProblem(_("okänt mål för importen: %(t)s") % {"t": target})])


def _save_groups(user, code: str, groups) -> list[str]:
    """Kolada's groups as hand-picked peer groups of the organisation `code` (one the user
    edits); a group saved before (same name) is left as it is."""

    from kompass.accounts.access import get_organisation_for_user
    from kompass.organisations.domain.peers import create_peer_group
    from kompass.organisations.models import Organisation, PeerGroup

    owner = get_organisation_for_user(user, code, edit=True)
    known = set(Organisation.objects.exclude(code="").values_list("code", flat=True))
    saved = []
    for group in groups:
        name = group.title[:200]
        if PeerGroup.objects.filter(owner=owner, name__iexact=name).exists():
            continue
        create_peer_group(
            name=name,
            kind=PeerGroup.Kind.HAND_PICKED,
            members=[c for c in group.codes if c in known],
            owner=owner,
            description=_("Kommungrupp %(id)s i Kolada.") % {"id": group.id},
            user=user,
        )
        saved.append(_("Sparad som jämförelsegrupp: %(n)s.") % {"n": name})
    return saved


@job(queue="import")
def import_from_kolada(
    ctx,
    *,
    kpis: list[str],
    target: str,
    municipalities: list[str],
    groups: list[str],
    years: list[int],
    genders: list[str],
    save_groups_for: str = "",
) -> None:
    """Import `kpis` for the municipalities (codes) and the members of Kolada's
    municipality groups (`groups`, ids) into a table ("table:<slug>") or an indicator
    ("indicator:<id>"). With `save_groups_for` (an organisation's code) each Kolada group
    is also kept as that organisation's peer group, so the table's "Jämför med" offers it."""
    from kompass.indicators.kolada.client import KoladaError, default_client
    from kompass.indicators.kolada.groups import peer_group
    from kompass.indicators.kolada.importer import (
        import_into_indicator,
        prepare_kpi,
        store_kpi,
    )

    table, indicator = _target(ctx.user, target)
    total = max(1, len(kpis)) * STEP
    ctx.progress(0, total, _("Startar"))
    client = default_client()
    try:
        if indicator is not None:
            outcome = import_into_indicator(
                client=client,
                kpi_id=kpis[0],
                indicator=indicator,
                years=years or None,
                user=ctx.user,
                progress=lambda done, all_: ctx.progress(
                    int(90 * done / all_), total, _("Hämtar från Kolada")
                ),
            )
            summaries = [outcome.summary]
        else:
            codes = set(municipalities)
            fetched_groups = [peer_group(client=client, group_id=g) for g in groups]
            for group in fetched_groups:
                codes |= set(group.codes)
            prepared = []
            for index, kpi in enumerate(kpis):

                def progress(done, all_, index=index, kpi=kpi):
                    ctx.progress(
                        index * STEP + int(90 * done / all_),
                        total,
                        _("%(kpi)s: hämtat %(done)s av %(all)s delar")
                        % {"kpi": kpi, "done": done, "all": all_},
                    )

                prepared.append(
                    prepare_kpi(
                        client=client,
                        kpi_id=kpi,
                        municipalities=sorted(codes) or None,
                        years=years or None,
                        genders=tuple(genders or ["T"]),
                        progress=progress,
                    )
                )
            ctx.progress(len(kpis) * STEP - 5, total, _("Sparar"))
            with transaction.atomic():
                summaries = [store_kpi(p, table=table).summary for p in prepared]
                if save_groups_for:
                    summaries += _save_groups(ctx.user, save_groups_for, fetched_groups)
    except KoladaError as exc:
        raise InputError(str(exc)) from exc
    finally:
        client.close()
    text = "\n".join(summaries)
    ctx.add_file("kolada-import.txt", text.encode("utf-8"), "text/plain; charset=utf-8")
    ctx.progress(total, total, text)
