"""A socio-economic account's problems, shown on its import page, are in the reader's
language: an English-speaking editor sees English messages and no Swedish interface
words."""

import yaml

from tests.analytics.socio_example import example_data
from tests.test_languages_complete import SWEDISH, Checker, interface_text


def test_account_file_problems_in_english(account_project, cast, client_for):
    cast["editor"].language = "en"
    cast["editor"].save(update_fields=["language"])
    data = example_data()
    data["participants"] = -1
    data["after"] = {"arbete": 25, "pension": 75}
    data["before"] = {"forsorjningsstod": 60, "sjukersattning": 30}
    data["deadweight"] = 150
    data["main_horizon"] = 7
    data["actors"][0]["code"] = "Kommun"
    data["unit_costs"][1].update(amount=-5, kind="gava")
    data["unit_costs"][2]["year"] = 1850
    data["effect"]["lasts_years"] = "länge"
    response = client_for(cast["editor"]).post(
        f"/samverkan/{account_project.pk}/kalkyl/importera/",
        {"text": yaml.safe_dump(data, allow_unicode=True)},
    )
    page = interface_text(response.content.decode())
    for expected in (
        "the number of participants cannot be negative (got -1)",
        "unknown status “pension” (known: forsorjningsstod, sjukersattning, arbete)",
        "the shares before (“before”) add up to 90 %, should be 100 %",
        "the deadweight must be below 100 % (got 150)",
        "the code “Kommun” for the actor may only contain a–z, digits and underscores",
        "the amount cannot be negative",
        "“kind” must be resource (resource use), production (production) or transfer",
        "the price year must be at least 1900 (got 1850)",
        "the effect's duration in years must be a number, not “länge”",
    ):
        assert expected in page, expected
    assert Checker(SWEDISH)(page) == []
