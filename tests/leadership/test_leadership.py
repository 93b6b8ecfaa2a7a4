"""Leadership development: assessments over time, programme plans in the methods table,
principle 7 followed up by a self-assessment survey, the report, and who may do what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from kompass.core.errors import InputError
from kompass.frameworks.domain.loading import SHIPPED_DIR, read_framework_file
from kompass.leadership.domain.assessments import (
    current_framework,
    principles_over_time,
    save_assessment,
)
from kompass.leadership.domain.programme import add_activity, methods_table, save_plan
from kompass.leadership.models import Activity, Assessment
from kompass.surveys.models import Survey


def test_activity_kinds_are_the_methods_table_of_the_framework():
    tree = read_framework_file(SHIPPED_DIR / "ledarskapsutveckling-2022.yaml")[1]
    area = tree.area("4")
    assert [s.code.split(".")[-1] for s in area.subareas] == list(Activity.Level.values)
    for sub in area.subareas:
        assert [i.code.split(".")[-1] for i in sub.items] == list(Activity.Kind.values)
        assert [i.text for i in sub.items] == [str(label) for label in Activity.Kind.labels]


@pytest.mark.django_db
def test_assessments_over_time(leksand, cast, base_data):
    framework = current_framework()
    for date, value in ((datetime.date(2025, 3, 1), "nej"), (datetime.date(2026, 3, 1), "ja")):
        save_assessment(
            organisation=leksand,
            user=cast["editor"],
            framework=framework,
            date=date,
            group="Kommunledningsgruppen",
            answers={"P3": (value, ""), "3.1.nya": ("delvis", "")},
        )
    assessments = list(Assessment.objects.filter(organisation=leksand))
    rows = principles_over_time(framework, assessments)
    assert [r.code for r in rows] == [str(n) for n in range(1, 8)]
    assert rows[2].answers == ["Nej", "Ja"]
    assert rows[0].answers == ["–", "–"]


@pytest.mark.django_db
def test_assessment_refuses_bad_input_and_outsiders(leksand, cast, base_data):
    framework = current_framework()
    with pytest.raises(InputError) as error:
        save_assessment(
            organisation=leksand,
            user=cast["editor"],
            framework=framework,
            date=None,
            group="",
            answers={"P1": ("kanske", ""), "X9": ("ja", "")},
        )
    fields = {p.field for p in error.value.problems}
    assert {"date", "group", "P1", "X9"} <= fields
    for role in ("reader", "outsider"):
        with pytest.raises(PermissionDenied):
            save_assessment(
                organisation=leksand,
                user=cast[role],
                framework=framework,
                date=datetime.date(2026, 1, 1),
                group="G",
                answers={"P1": ("ja", "")},
            )


@pytest.mark.django_db
def test_programme_plan_methods_table_and_followup_survey(leksand, rattvik, cast, base_data):
    from kompass.frameworks.models import Framework

    lfr = Framework.objects.get(identifier="lfr-sjalvskattning")
    mine = Survey.objects.create(slug="lfr-test", name="LfR 2026", framework=lfr)
    mine.organisations.add(leksand)
    theirs = Survey.objects.create(slug="lfr-annan", name="Annan", framework=lfr)
    theirs.organisations.add(rattvik)
    with pytest.raises(InputError, match="deltar inte i enkäten"):
        save_plan(organisation=leksand, user=cast["editor"], name="P", followup_survey=theirs)
    plan = save_plan(
        organisation=leksand, user=cast["editor"], name="Chefsprogram 2026", followup_survey=mine
    )
    add_activity(plan=plan, user=cast["editor"], level="L", kind="relationer", title="Mentor")
    add_activity(plan=plan, user=cast["editor"], level="S", kind="feedback", title="Debriefing")
    with pytest.raises(InputError):
        add_activity(plan=plan, user=cast["editor"], level="X", kind="kurser", title="")
    table = methods_table(plan)
    assert [[len(acts) for _kind, acts in cells] for _level, cells in table] == [
        [1, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("reader", 200), ("outsider", 404), (None, 302)]
)
def test_overview_by_role(leksand, cast, client_for, base_data, role, status):
    response = client_for(cast.get(role)).get(f"/ledarskap/organisation/{leksand.code}/")
    assert response.status_code == status
    if status == 200:
        assert "Ingen bedömning ännu" in response.content.decode()


@pytest.mark.django_db
def test_assessment_page_and_report(leksand, cast, client_for, base_data):
    client = client_for(cast["editor"])
    page = client.get(f"/ledarskap/organisation/{leksand.code}/bedomning/ny/")
    assert page.status_code == 200
    assert "Utvecklande relationer" in page.content.decode()
    response = client.post(
        f"/ledarskap/organisation/{leksand.code}/bedomning/ny/",
        {"date": "2026-05-01", "group": "Ledningsgruppen", "a_P1": "delvis", "a_4.L.kurser": "ja"},
    )
    assert response.status_code == 302
    assert (
        client_for(cast["reader"])
        .post(f"/ledarskap/organisation/{leksand.code}/bedomning/ny/", {})
        .status_code
        == 403
    )
    for fmt in ("xlsx", "html"):
        download = client.get(f"/rapporter/ledarskap/{leksand.code}/?format={fmt}")
        assert download.status_code == 200
    html = client.get(f"/rapporter/ledarskap/{leksand.code}/?format=html").content.decode()
    assert "Delvis" in html and "Ledningsgruppen" in html
    # the page links to the one download view, and the old address of its own is gone
    overview = client.get(f"/ledarskap/organisation/{leksand.code}/").content.decode()
    assert f"/rapporter/ledarskap/{leksand.code}/?format=pdf" in overview
    assert client.get(f"/ledarskap/organisation/{leksand.code}/ladda-ner/pdf/").status_code == 404


@pytest.mark.django_db
@pytest.mark.pdf
def test_report_as_pdf_and_docx(leksand, cast, client_for, base_data):
    client = client_for(cast["reader"])
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        download = client.get(f"/rapporter/ledarskap/{leksand.code}/?format={fmt}")
        assert download.status_code == 200
        assert download.content.startswith(magic)
