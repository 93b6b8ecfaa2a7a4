"""Every write in the permission matrices leaves an entry in the audit trail, made by the
user who did it; memberships and role changes too; the trail never holds survey answers.

The writes are the POSTs of the table-driven permission tests (evaluations, follow-up,
collaboration, surveys, organisation members), each done as a user the matrix allows.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompass.audit.models import AuditEntry
from kompass.evaluations.domain.scores import set_scores
from tests.collaboration.conftest import agencies, project  # noqa: F401
from tests.followup.conftest import (  # noqa: F401
    action,
    improvements,
    leksand_2023,
    people,
    plan,
)
from tests.surveys.conftest import (  # noqa: F401
    TINY_HEADER,
    csv_file,
    subtraction_rows,
    tiny_framework,
    tiny_survey,
)

pytestmark = pytest.mark.django_db


def _evaluation_writes(draft):
    pk = draft.pk
    return [
        ("score_save", f"/utvarderingar/{pk}/poang/1/", {"score-1.1": "3"}),
        ("details_edit", f"/utvarderingar/{pk}/uppgifter/", {"summary": "Ny text"}),
        ("evidence_add", f"/utvarderingar/{pk}/underlag/1.1/", {"source": "document", "text": "x"}),
        ("to_review", f"/utvarderingar/{pk}/status/", {"to": "review"}),
    ]


def _followup_writes(action, people, leksand):  # noqa: F811
    return [
        (
            "action_status",
            reverse("followup:action_status", kwargs={"pk": action.pk}),
            {"status": "in_progress"},
        ),
        (
            "action_note",
            reverse("followup:action_note", kwargs={"pk": action.pk}),
            {"text": "Anteckning"},
        ),
        ("person", reverse("followup:people", kwargs={"pk": leksand.pk}), {"name": "Ny Person"}),
        (
            "dialogue",
            reverse("followup:dialogue_create", kwargs={"pk": leksand.pk}),
            {"manager": str(people["manager"].pk), "planned_on": "2026-12-01"},
        ),
    ]


def _collaboration_writes(project):  # noqa: F811
    pk = project.pk
    return [
        (
            "project_edit",
            f"/samverkan/{pk}/uppgifter/",
            {"name": "Steget (ändrat)", "purpose": "Fler i arbete.", "target_group": "Unga."},
        ),
        (
            "project_organisation",
            f"/samverkan/{pk}/organisation/",
            {"team": "Anna Ek; projektledare; Leksand", "steering": "", "plan": ""},
        ),
    ]


def _post_and_count(client, url, data):
    before = AuditEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code in (200, 302), (url, response.status_code)
    assert not (response.status_code == 200 and "errorlist" in response.content.decode()), url
    return AuditEntry.objects.filter(pk__gt=0).order_by("-pk")[
        : AuditEntry.objects.count() - before
    ]


def _assert_recorded(entries, user, what):
    entries = list(entries)
    assert entries, f"{what}: no audit entry"
    assert all(e.user_id == user.pk and e.via == "user" for e in entries), (
        what,
        [(e.who, e.via) for e in entries],
    )


def test_every_evaluation_write_in_the_matrix_is_recorded(draft, cast, client_for):
    client = client_for(cast["evaluator"])
    set_scores(
        evaluation=draft, scores={s.code: 1 for s in draft.framework.tree.subareas}, user=None
    )
    for name, url, data in _evaluation_writes(draft):
        _assert_recorded(_post_and_count(client, url, data), cast["evaluator"], name)


def test_every_followup_write_in_the_matrix_is_recorded(action, people, leksand, cast, client_for):  # noqa: F811
    client = client_for(cast["editor"])
    for name, url, data in _followup_writes(action, people, leksand):
        _assert_recorded(_post_and_count(client, url, data), cast["editor"], name)


def test_every_collaboration_write_is_recorded(project, cast, client_for):  # noqa: F811
    client = client_for(cast["editor"])
    for name, url, data in _collaboration_writes(project):
        _assert_recorded(_post_and_count(client, url, data), cast["editor"], name)


def test_survey_settings_and_import_are_recorded(tiny_survey, cast, client_for):  # noqa: F811
    owner = cast["evaluator"]
    tiny_survey.owners.add(owner)
    client = client_for(owner)
    entries = _post_and_count(
        client,
        reverse("surveys:settings", args=["liten"]),
        {"form": "settings", "name": "Liten enkät 2", "description": "", "min_group": "5"},
    )
    _assert_recorded(entries, owner, "survey settings")
    upload = SimpleUploadedFile("svar.csv", csv_file(subtraction_rows(), TINY_HEADER))
    entries = _post_and_count(client, reverse("surveys:import", args=["liten"]), {"file": upload})
    _assert_recorded(entries, owner, "survey import")
    imported = AuditEntry.objects.get(action="import")
    assert imported.after["svarande"] == 41


def test_memberships_and_role_changes_are_recorded(cast, client_for, leksand):
    from tests.conftest import make_user

    newcomer = make_user("nykomling")
    client = client_for(cast["owner"])
    url = reverse("organisations:member_save", args=[leksand.code])
    for role in ("reader", "editor"):
        entries = _post_and_count(client, url, {"username": "nykomling", "role": role})
        _assert_recorded(entries, cast["owner"], f"membership {role}")
    change = AuditEntry.objects.filter(object_kind="accounts.membership", action="update").get()
    assert (change.before, change.after) == ({"role": "reader"}, {"role": "editor"})
    entries = _post_and_count(
        client, url, {"username": "nykomling", "role": "editor", "remove": "1"}
    )
    _assert_recorded(entries, cast["owner"], "membership removed")
    assert not newcomer.memberships.exists()
    assert (
        AuditEntry.objects.filter(object_kind="accounts.membership", organisation=leksand).count()
        == 3
    )


def test_sign_in_rules_record_role_changes(cast, leksand):
    from kompass.accounts.domain.signin_rules import Grants, apply_grants

    apply_grants(
        user=cast["reader"],
        grants=Grants(memberships={leksand.pk: "owner"}, evaluator=True, administrator=False),
    )
    entries = AuditEntry.objects.filter(who="systemet (inloggningsregler)")
    assert {e.object_kind for e in entries} == {"accounts.user", "accounts.membership"}


def test_the_trail_never_holds_survey_answers(tiny_survey, cast, client_for):  # noqa: F811
    """Import answers with distinctive free text, answer on the web, close and release:
    no entry holds an answer or a comment, and recording one raises."""
    from kompass.audit import trail
    from kompass.surveys.domain.importing import import_responses
    from kompass.surveys.models import Comment, Respondent

    rows = subtraction_rows()
    for row in rows:
        row[-1] = "HEMLIGT-SVAR-" + row[0]
    import_responses(survey=tiny_survey, content=csv_file(rows, TINY_HEADER), filename="a.csv")
    text = str(list(AuditEntry.objects.values_list("before", "after", "object_label")))
    assert "HEMLIGT-SVAR" not in text
    assert not AuditEntry.objects.filter(
        object_kind__in=("surveys.respondent", "surveys.comment", "surveys.draft")
    ).exists()
    for obj in (Respondent.objects.first(), Comment.objects.first()):
        with pytest.raises(trail.NeverRecorded):
            trail.created(user=cast["admin"], obj=obj)


def test_every_indicator_and_key_ratio_write_is_recorded(cast, client_for, leksand):
    from kompass.indicators.models import Indicator, RatioTable

    client = client_for(cast["editor"])
    editor = cast["editor"]
    form = {
        "name": "Kontinuitet",
        "perspective": "citizen",
        "unit": "personal",
        "direction": "lower",
        "period_type": "month",
        "chart_type": "run",
        "decimals": "0",
    }
    create = f"/nyckeltal/organisation/{leksand.code}/ny-indikator/"
    _assert_recorded(_post_and_count(client, create, form), editor, "indicator_create")
    indicator = Indicator.objects.get(name="Kontinuitet")
    edit = f"/nyckeltal/indikator/{indicator.pk}/andra/"
    edited = {**form, "name": "Kontinuitet i hemtjänsten"}
    _assert_recorded(_post_and_count(client, edit, edited), editor, "indicator_edit")
    values = f"/nyckeltal/indikator/{indicator.pk}/varden/"
    entries = list(_post_and_count(client, values, {"text": "2023-01;15\n2023-02;14"}))
    _assert_recorded(entries, editor, "values")
    assert entries[0].after["nya_värden"] == 2 and "15" not in str(entries[0].after)
    value = indicator.values.first()
    remove = f"/nyckeltal/indikator/{indicator.pk}/varden/{value.pk}/ta-bort/"
    _assert_recorded(_post_and_count(client, remove, {}), editor, "value_delete")
    phases = f"/nyckeltal/indikator/{indicator.pk}/faser/"
    phase = {"start_period": "2023-02", "name": "Fasta team"}
    _assert_recorded(_post_and_count(client, phases, phase), editor, "phase_add")
    delete = f"/nyckeltal/indikator/{indicator.pk}/ta-bort/"
    _assert_recorded(_post_and_count(client, delete, {}), editor, "indicator_delete")
    kinds = set(
        AuditEntry.objects.filter(organisation_id=leksand.pk).values_list("object_kind", flat=True)
    )
    assert {"indicators.indicator", "indicators.indicatorvalue"} <= kinds

    # A key-ratio table defined from a file, then values imported into it.
    definition = (
        "table: leksand-test\nname: Testtabell\nowner: Leksand\n"
        "metrics:\n  - key: chefer\n    name: Chefer\n"
    )
    upload = SimpleUploadedFile("t.yaml", definition.encode("utf-8"))
    entries = _post_and_count(client, "/nyckeltal/tabeller/ny/yaml/", {"file": upload})
    _assert_recorded(entries, editor, "table_define")
    table = RatioTable.objects.get(slug="leksand-test")
    rows = b"organisation;metric;year;value\nLeksand;chefer;2023;40\n"
    upload = SimpleUploadedFile("v.csv", rows)
    url = f"/nyckeltal/tabeller/{table.slug}/importera/"
    entries = list(_post_and_count(client, url, {"file": upload}))
    _assert_recorded(entries, editor, "table_import")
    assert entries[0].organisation_id == leksand.pk and entries[0].after["nya_värden"] == 1
