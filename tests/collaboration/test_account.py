"""The project's socio-economic account in the database and through the web forms: the
partners' financing, user-edited unit costs, and every bad input of the issue refused
with a Swedish message and nothing stored."""

import copy
import dataclasses
import datetime
from decimal import Decimal

import pytest
import yaml

from kompass.analytics.socio import SOCIETY, kronor
from kompass.analytics.socio_input import account_data, load_account
from kompass.collaboration.domain import account as acc
from kompass.collaboration.domain import projects as proj
from kompass.collaboration.models import SocioAccount
from kompass.core.errors import InputError
from tests.analytics.socio_example import example_data, example_yaml

pytestmark = pytest.mark.django_db


def _nets(project, rate=0, horizon=5):
    result, problems = acc.project_result(project)
    assert problems == []
    return {a.code: kronor(a.horizon(horizon).net) for a in result.rate(rate).actors}


def test_account_uses_the_partners_financing_and_reproduces_the_docs(account_project):
    nets = _nets(account_project)
    assert nets["kommun"] == 2217312
    assert nets[SOCIETY] == 4221619
    assert "financing" not in SocioAccount.objects.get(project=account_project).data["intervention"]


def test_changing_the_partners_shares_moves_the_cost(account_project, cast):
    proj.set_partners(
        project=account_project,
        user=cast["editor"],
        rows=[
            proj.PartnerRow("Försäkringskassan", "", "forsakringskassan", "40"),
            proj.PartnerRow("Region Dalarna", "", "region", "30"),
            proj.PartnerRow("Leksand", "", "kommun", "30"),
        ],
    )
    nets = _nets(account_project)
    assert nets["forsakringskassan"] == -609754 + 360000
    assert nets["kommun"] == 2217312 - 180000
    assert nets[SOCIETY] == 4221619


def test_without_partner_shares_the_account_explains_what_is_missing(project, cast):
    proj.set_partners(
        project=project, user=cast["editor"], rows=[proj.PartnerRow("Leksand", "", "kommun")]
    )
    with pytest.raises(InputError) as info:
        acc.save_account(project=project, user=cast["editor"], data=example_data())
    assert info.value.messages == [
        "fält ”intervention.financing”: finansieringen (”financing”: aktör och andel i procent) saknas"
    ]
    assert not SocioAccount.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(participants=-5), "antalet deltagare kan inte vara negativt (fick -5)"),
        (lambda d: d.update(horizons=[0, 5]), "horisonten ska vara minst 1 år (fick 0)"),
        (lambda d: d["unit_costs"][0].pop("year"), "enhetskostnaden saknar prisår (”year”)"),
        (lambda d: d["after"].update(pension=10), "okänd status ”pension”"),
        (lambda d: d["before"].update(forsorjningsstod=70), "summerar till 110 %, ska vara 100 %"),
    ],
)
def test_bad_account_input_stores_nothing(account_project, cast, change, message):
    stored = copy.deepcopy(SocioAccount.objects.get(project=account_project).data)
    data = example_data()
    change(data)
    with pytest.raises(InputError) as info:
        acc.save_account(project=account_project, user=cast["editor"], data=data)
    assert any(message in m for m in info.value.messages), info.value.messages
    assert SocioAccount.objects.get(project=account_project).data == stored


def test_new_account_starts_from_the_shipped_defaults(project):
    data = acc.template_data(project)
    assert len(data["unit_costs"]) == len(acc.shipped_defaults().unit_costs)
    assert {a["code"] for a in data["actors"]} >= {
        "kommun",
        "region",
        "forsakringskassan",
        "individ",
    }


def test_a_new_accounts_price_year_is_the_newest_year_of_the_unit_costs(project):
    """Not a year written once in a file: the newest year the unit costs are priced in
    (so the account mixes no price years), never a year still to come."""
    shipped = acc.shipped_defaults()
    newest = max(u.year for u in shipped.unit_costs)
    assert acc.template_data(project)["price_year"] == newest
    first, *rest = shipped.unit_costs
    later = dataclasses.replace(shipped, unit_costs=(dataclasses.replace(first, year=2025), *rest))
    assert acc.default_price_year(later, today=datetime.date(2026, 12, 3)) == 2025
    future = dataclasses.replace(shipped, unit_costs=(dataclasses.replace(first, year=2031),))
    assert acc.default_price_year(future, today=datetime.date(2026, 12, 3)) == 2026
    empty = dataclasses.replace(shipped, unit_costs=())
    assert acc.default_price_year(empty, today=datetime.date(2026, 12, 3)) == 2026


def test_the_price_year_field_says_why_it_is_not_this_year(account_project, cast, client_for):
    page = client_for(cast["editor"]).get(f"/samverkan/{account_project.pk}/kalkyl/antaganden/")
    text = page.content.decode()
    assert "En ny kalkyl får enhetskostnadernas senaste prisår, så att inga prisår blandas" in text
    assert "prisindex (”price_index” i kalkylfilen)" in text


def _unit_post(data, changes=None, extra=None):
    post = {"action": "save"}
    rows = copy.deepcopy(data["unit_costs"]) + (extra or [])
    post["rows"] = str(len(rows))
    for number, row in enumerate(rows, start=1):
        row.update((changes or {}).get(number, {}))
        for key in ("status", "name", "kind", "actor", "to", "amount", "year", "source"):
            post[f"u-{number}-{key}"] = str(row.get(key, ""))
    return post


def test_editing_one_unit_cost_changes_only_the_actor_who_bears_it(
    account_project, cast, client_for
):
    before = _nets(account_project)
    data = SocioAccount.objects.get(project=account_project).data
    number = next(
        i
        for i, u in enumerate(data["unit_costs"], start=1)
        if (u["status"], u["name"]) == ("sjukersattning", "Vård")
    )
    client = client_for(cast["editor"])
    response = client.post(
        f"/samverkan/{account_project.pk}/kalkyl/enhetskostnader/",
        _unit_post(data, {number: {"amount": "36 000"}}),
    )
    assert response.status_code == 302
    after = _nets(account_project)
    assert {code for code in before if before[code] != after[code]} == {"region", SOCIETY}


def test_unit_cost_without_year_in_the_form_names_the_row(account_project, cast, client_for):
    stored = copy.deepcopy(SocioAccount.objects.get(project=account_project).data)
    new = {
        "status": "arbete",
        "name": "Ny post",
        "kind": "resource",
        "actor": "kommun",
        "amount": "1000",
        "year": "",
        "source": "",
    }
    client = client_for(cast["editor"])
    data = SocioAccount.objects.get(project=account_project).data
    response = client.post(
        f"/samverkan/{account_project.pk}/kalkyl/enhetskostnader/", _unit_post(data, extra=[new])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Rad 11, kolumn Prisår: enhetskostnaden saknar prisår (”year”)" in text  # a sentence
    assert SocioAccount.objects.get(project=account_project).data == stored


def _assumptions_post(**changes):
    post = {
        "name": "Kalkyl",
        "participants": "40",
        "price_year": "2024",
        "cost_per_year": "1 200 000; 1 200 000; 1 200 000",
        "starts_after_months": "12",
        "lasts_years": "5",
        "drop_off": "20",
        "deadweight": "20",
        "attribution": "100",
        "displacement": "0",
        "horizons": "1, 3, 4, 5, 10",
        "discount_rates": "0; 3,5",
        "main_horizon": "5",
        "before_forsorjningsstod": "60",
        "before_sjukersattning": "40",
        "after_arbete": "25",
        "after_forsorjningsstod": "45",
        "after_sjukersattning": "30",
    }
    post.update(changes)
    return post


def test_assumptions_form_saves_and_computes(account_project, cast, client_for):
    client = client_for(cast["editor"])
    response = client.post(
        f"/samverkan/{account_project.pk}/kalkyl/antaganden/", _assumptions_post(deadweight="0")
    )
    assert response.status_code == 302
    # deadweight 0 instead of 20 %: effects grow by a quarter
    nets = _nets(account_project)
    assert nets[SOCIETY] == kronor(Decimal("7821619.2") / Decimal("0.8")) - 3600000


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"participants": "-2"},
            "participants",
            "antalet deltagare kan inte vara negativt (fick -2)",
        ),
        ({"horizons": "0, 5"}, "horizons", "horisonten ska vara minst 1 år (fick 0)"),
        (
            {"after_arbete": "15"},
            None,
            "andelarna efter (”after”) summerar till 90 %, ska vara 100 %",
        ),
        (
            {"discount_rates": "0; 3.5; 3,5"},
            "discount_rates",
            "diskonteringsräntan förekommer två gånger",
        ),
    ],
)
def test_bad_assumptions_are_explained_and_not_stored(
    account_project, cast, client_for, changes, field, message
):
    stored = copy.deepcopy(SocioAccount.objects.get(project=account_project).data)
    client = client_for(cast["editor"])
    response = client.post(
        f"/samverkan/{account_project.pk}/kalkyl/antaganden/", _assumptions_post(**changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in e for e in errors), form.errors
    assert SocioAccount.objects.get(project=account_project).data == stored


def test_import_reports_lines_and_stores_nothing(account_project, cast, client_for):
    stored = copy.deepcopy(SocioAccount.objects.get(project=account_project).data)
    text = (
        example_yaml()
        .replace("after: {arbete: 25,", "after: {pension: 25,")
        .replace("participants: 40", "participants: -1")
    )
    client = client_for(cast["editor"])
    response = client.post(f"/samverkan/{account_project.pk}/kalkyl/importera/", {"text": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Inklistrad text, rad 5, fält ”participants”: antalet deltagare kan inte vara negativt (fick -1)"
        in body
    )
    assert "rad 10, fält ”after.pension”: okänd status ”pension”" in body
    assert SocioAccount.objects.get(project=account_project).data == stored


def test_import_file_replaces_the_account(account_project, cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = example_yaml().replace("participants: 40", "participants: 20")
    client = client_for(cast["editor"])
    upload = SimpleUploadedFile("kalkyl.yaml", text.encode("utf-8"))
    response = client.post(f"/samverkan/{account_project.pk}/kalkyl/importera/", {"file": upload})
    assert response.status_code == 302
    assert SocioAccount.objects.get(project=account_project).data["participants"] == 20


def test_yaml_download_reads_back(account_project, cast, client_for):
    client = client_for(cast["reader"])
    response = client.get(f"/rapporter/samverkansbokslut/{account_project.pk}/?format=yaml")
    data = yaml.safe_load(response.content)
    assert data["intervention"]["financing"] == {
        "forsakringskassan": 50,
        "region": 25,
        "kommun": 25,
    }
    assert data["participants"] == 40


def test_reset_puts_the_defaults_back(account_project, cast, client_for):
    client = client_for(cast["editor"])
    response = client.post(
        f"/samverkan/{account_project.pk}/kalkyl/enhetskostnader/", {"action": "reset", "rows": "0"}
    )
    assert response.status_code == 302
    data = SocioAccount.objects.get(project=account_project).data
    defaults = acc.shipped_defaults()
    assert [a["code"] for a in data["actors"]] == [a.code for a in defaults.actors]
    assert len(data["unit_costs"]) == len(defaults.unit_costs)
    assert data["participants"] == 40  # the assumptions stay
    result, problems = acc.project_result(account_project)
    assert problems == [] and result.account.unit_costs == defaults.unit_costs


def test_an_account_on_the_defaults_says_so(project, cast, client_for):
    data = acc.template_data(project)
    data.update(
        participants=10,
        intervention={"cost_per_year": [500000]},
        before={"forsorjningsstod": 100},
        after={"arbete": 20, "forsorjningsstod": 80},
    )
    acc.save_account(project=project, user=cast["editor"], data=data)
    body = client_for(cast["reader"]).get(f"/samverkan/{project.pk}/kalkyl/").content.decode()
    assert acc.shipped_defaults().notice in body
    assert "Enhetskostnaderna har prisår 2018, 2021" in body


# -- limits, stored accounts that cannot be computed, imports ------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(participants=10**100),
            "fält ”participants”: antalet deltagare ska vara ett tal mindre än",
        ),
        (
            lambda d: d["unit_costs"][1].update(amount=10**100),
            "fält ”unit_costs[1].amount”: beloppet ska vara ett tal mindre än",
        ),
        (
            lambda d: d.update(price_index={2024: 100, 2023: 1e-300}),
            "fält ”price_index.2023”: indexvärdet ska vara minst 0,001 (fick 1e-300)",
        ),
    ],
)
def test_a_stored_account_that_cannot_be_computed_shows_the_problem(
    project, cast, client_for, change, message
):
    data = account_data(load_account(example_yaml()))  # as the app stores an account
    data["unit_costs"][0]["year"] = 2023
    change(data)
    # stored before the limits existed: every page failed on it (kronor of 1e100)
    SocioAccount.objects.create(project=project, data=data)
    client = client_for(cast["editor"])
    for url in (f"/samverkan/{project.pk}/", f"/samverkan/{project.pk}/kalkyl/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert message in response.content.decode(), url
    assert client.get(f"/samverkan/{project.pk}/kalkyl/antaganden/").status_code == 200
    assert client.get(f"/rapporter/samverkansbokslut/{project.pk}/?format=pdf").status_code == 404


def test_import_of_a_huge_number_stores_nothing(account_project, cast, client_for):
    stored = copy.deepcopy(SocioAccount.objects.get(project=account_project).data)
    text = example_yaml().replace("participants: 40", "participants: 1e5000")
    response = client_for(cast["editor"]).post(
        f"/samverkan/{account_project.pk}/kalkyl/importera/", {"text": text}
    )
    assert response.status_code == 200
    assert (
        "rad 5, fält ”participants”: antalet deltagare ska vara ett tal mindre än "
        "1\u00a0000\u00a0000\u00a0000\u00a0000, inte ”1e5000”"
    ) in response.content.decode()
    assert SocioAccount.objects.get(project=account_project).data == stored


def test_import_reads_a_windows_1252_file(account_project, cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = example_yaml().replace("participants: 40", "participants: 30")
    upload = SimpleUploadedFile("kalkyl.yaml", text.encode("cp1252"))
    response = client_for(cast["editor"]).post(
        f"/samverkan/{account_project.pk}/kalkyl/importera/", {"file": upload}
    )
    assert response.status_code == 302
    data = SocioAccount.objects.get(project=account_project).data
    assert data["participants"] == 30
    assert "Försäkringskassan" in [a["name"] for a in data["actors"]]


def test_import_names_the_default_unit_costs_it_leaves_out(account_project, cast, client_for):
    data = example_data()
    del data["unit_costs"]
    data["statuses"] = [s for s in data["statuses"] if s["code"] != "sjukersattning"]
    data["before"] = {"forsorjningsstod": 100}
    data["after"] = {"arbete": 25, "forsorjningsstod": 75}
    client = client_for(cast["editor"])
    response = client.post(
        f"/samverkan/{account_project.pk}/kalkyl/importera/",
        {"text": yaml.safe_dump(data, allow_unicode=True)},
        follow=True,
    )
    body = response.content.decode()
    assert "Standardenhetskostnader som inte används" in body
    assert "Sjukersättning (sjukersattning)" in body
    stored = SocioAccount.objects.get(project=account_project).data
    assert {u["status"] for u in stored["unit_costs"]} == {"forsorjningsstod", "arbete"}


def test_financing_shares_within_the_tolerance_add_up_for_society(account_project, cast):
    proj.set_partners(
        project=account_project,
        user=cast["editor"],
        rows=[
            proj.PartnerRow("Försäkringskassan", "", "forsakringskassan", "33,33"),
            proj.PartnerRow("Region Dalarna", "", "region", "33,33"),
            proj.PartnerRow("Leksand", "", "kommun", "33,33"),
        ],
    )
    result, problems = acc.project_result(account_project)
    assert problems == []
    for h in (1, 3, 5):
        costs = [kronor(a.horizon(h).cost) for a in result.rate(0).actors]
        assert abs(sum(costs[:-1]) - costs[-1]) <= 1  # rounding of each to the krona only
    assert costs[-1] == 3600000


@pytest.mark.parametrize("rows", ["abc", "-1", "²"])
def test_a_tampered_row_count_is_a_bad_request(account_project, cast, client_for, rows):
    stored = copy.deepcopy(SocioAccount.objects.get(project=account_project).data)
    client = client_for(cast["editor"])
    units = client.post(
        f"/samverkan/{account_project.pk}/kalkyl/enhetskostnader/",
        {"action": "save", "rows": rows},
    )
    partners = client.post(
        f"/samverkan/{account_project.pk}/parter/", {"action": "save", "rows": rows}
    )
    assert (units.status_code, partners.status_code) == (400, 400)
    assert SocioAccount.objects.get(project=account_project).data == stored
    assert account_project.partners.count() == 4


def test_assumptions_form_shows_amounts_as_written_in_swedish():
    from kompass.collaboration.forms import AssumptionsForm

    initial = AssumptionsForm.initial_from(
        {"intervention": {"cost_per_year": [1200000.5, 1200000, "1 200 000"]}}
    )
    assert initial["cost_per_year"] == "; ".join(
        ["1\u00a0200\u00a0000,5"] + ["1\u00a0200\u00a0000"] * 2
    )
