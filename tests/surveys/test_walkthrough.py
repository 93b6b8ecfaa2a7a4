"""What a walkthrough of running a survey found, fixed: the short name, cohort lists with
names as people write them, a used continue-later link, below-k organisations."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import draft_was_submitted, ensure_links
from kompass.surveys.domain.surveys import (
    add_organisations,
    add_wave,
    create_survey,
    slug_from_name,
    unique_slug,
)
from kompass.surveys.models import CohortMember, Draft, Respondent, SubmittedDraft, Survey

SUBMISSION = "0123456789abcdef0123456789abcdef"


# -- The short name ---------------------------------------------------------------------


def test_short_name_is_made_from_the_name():
    assert slug_from_name("Ledarskap för resultat 2024") == "ledarskap-for-resultat-2024"
    assert slug_from_name("Chefer om stödfunktioner – Åre & Östersund") == (
        "chefer-om-stodfunktioner-are-ostersund"
    )
    assert len(slug_from_name("x" * 300)) == 80


def test_short_name_made_from_a_taken_name_gets_a_number(tiny_framework):
    create_survey(slug="", framework=tiny_framework, name="Vår enkät")
    second = create_survey(slug="", framework=tiny_framework, name="Vår enkät")
    assert second.slug == "var-enkat-2"
    assert unique_slug("Ny") == "ny-2"  # "ny" is reserved for the page that makes surveys


def test_create_page_makes_the_short_name_and_words_errors_in_swedish(
    client_for, cast, tiny_framework
):
    client = client_for(cast["evaluator"])
    url = reverse("surveys:create")
    page = client.get(url).content.decode()
    assert 'data-slug-from="id_name"' in page and "surveys/slug.js" in page
    response = client.post(
        url, {"framework": tiny_framework.pk, "name": "Höstens chefsenkät", "min_group": 5}
    )
    assert response.status_code == 302
    assert Survey.objects.filter(slug="hostens-chefsenkat").exists()
    response = client.post(
        url,
        {"framework": tiny_framework.pk, "name": "X", "slug": "Höst enkät!", "min_group": 5},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "kortnamnet ska vara 2–80 tecken: små bokstäver a–z, siffror och bindestreck "
        "(till exempel ”host-enkat”)"
    ) in html
    assert "’slug’" not in html and "'slug'" not in html  # not Django's own message
    assert 'value="Höst enkät!"' in html  # what was typed is kept


# -- Cohort lists -----------------------------------------------------------------------


def test_cohort_list_accepts_written_forms_and_keeps_the_rest(client_for, cast, tiny_survey):
    tiny_survey.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:cohort", args=["liten"])
    response = client.post(
        url,
        {
            "form": "add",
            "organisations": "Falun kommun\nFalu kommun\n2031\nAtlantis\nMora kommun\nLexand",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    members = set(
        CohortMember.objects.filter(survey=tiny_survey).values_list("organisation__code", flat=True)
    )
    assert members == {"2080", "2031", "2062"}
    assert "3 organisationer lades till." in html
    assert "Rad 4: okänd organisation ”Atlantis”" in html
    assert "Rad 6: okänd organisation ”Lexand” – menade du Leksand (2029)?" in html
    # Only the names that were not found stay in the field, to be corrected.
    assert ">\nAtlantis\nLexand</textarea>" in html


def test_cohort_command_adds_the_known_and_names_each_unknown(tiny_survey):
    with pytest.raises(CommandError) as caught:
        call_command("survey", "cohort", "liten", "Falun kommun", "Ingenstans", "0127")
    assert "okänd organisation ”Ingenstans”" in str(caught.value)
    assert set(
        CohortMember.objects.filter(survey=tiny_survey).values_list("organisation__code", flat=True)
    ) == {"2080", "0127"}


# -- A used continue-later link ---------------------------------------------------------


@pytest.fixture
def link(tiny_survey):
    today = timezone.localdate()
    add_organisations(survey=tiny_survey, organisations=[Organisation.objects.get(code="2029")])
    wave = add_wave(
        survey=tiny_survey,
        code="2025-01",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )
    return ensure_links(survey=tiny_survey, wave=wave)[0]


def test_a_sent_draft_link_says_already_submitted(client, link):
    url = reverse("surveys:answer", args=[link.token])
    form = reverse("surveys:answer_form")
    client.post(form, {"attr-role": "stöd", "q-1": "4", "action": "save", "token": link.token})
    code = Draft.objects.get().code
    answers = {"submission": SUBMISSION, "attr-role": "stöd", "q-1": "4", "action": "submit"}
    client.post(form, {**answers, "draft": code, "token": link.token})
    assert Respondent.objects.count() == 1 and not Draft.objects.exists()
    # The same device (cookie gone) or another one, through the continue-later link:
    client.cookies.clear()
    page = client.get(f"{url}?utkast={code}", follow=True).content.decode()
    assert "Du har redan svarat" in page
    assert "Svaren som sparades med den här länken är redan inskickade" in page
    assert 'name="submission"' not in page  # no empty form
    # The plain link still opens an empty form for the next colleague.
    assert 'name="submission"' in client.get(url, follow=True).content.decode()
    # What is kept is a hash, nothing that opens anything or says where or when.
    stored = SubmittedDraft.objects.get()
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert [f.name for f in SubmittedDraft._meta.get_fields()] == ["code_hash"]


def test_an_unknown_draft_code_shows_the_form(client, link):
    url = reverse("surveys:answer", args=[link.token])
    assert not draft_was_submitted("nonsense")
    page = client.get(f"{url}?utkast=nonsense", follow=True).content.decode()
    assert 'name="submission"' in page


# -- Below k: one plain sentence --------------------------------------------------------


@pytest.fixture
def with_a_small_organisation(tiny_survey):
    """The subtraction cohort plus Falun with three respondents (k = 5)."""
    from kompass.surveys.domain.importing import import_responses
    from tests.surveys.conftest import TINY_HEADER, close_waves, csv_file, subtraction_rows

    rows = subtraction_rows() + [
        [f"f{i}", "2024-10", "2080", "ledning", 1 + i, 2, "Kort."] for i in range(3)
    ]
    import_responses(survey=tiny_survey, content=csv_file(rows, TINY_HEADER), filename="s.csv")
    return close_waves(tiny_survey)


def _text(report) -> str:
    from kompass.reports.render import render_html

    return render_html(report)


def test_an_organisation_below_k_gets_one_sentence_and_its_band(with_a_small_organisation):
    from kompass.surveys.report import build_organisation_report

    falun = Organisation.objects.get(code="2080")
    report = build_organisation_report(with_a_small_organisation, falun)
    html = _text(report)
    assert (
        "Falu kommun hade färre än 5 svarande i Oktober 2024. Så få svar redovisas inte, "
        "eftersom enskilda personers svar då skulle kunna räknas fram."
    ) in html
    assert "färre än 5" in html  # the count as a band, in the respondents table
    assert ">dolt<" not in html  # no pages of hidden cells
    assert not any(b for s in report.sections for b in s.blocks if type(b).__name__ == "Chart")
    # Nothing of its own answers: no statement means, no distribution, no free text.
    assert "Kort." not in html and "Snitt" not in html
    titles = [s.title for s in report.sections]
    assert titles == ["Resultat", "Svarande och svarsfrekvens", "Om enkäten"]


def test_an_organisation_at_k_still_gets_its_full_report(with_a_small_organisation):
    from kompass.surveys.report import build_organisation_report

    mora = Organisation.objects.get(code="2062")
    titles = [s.title for s in build_organisation_report(with_a_small_organisation, mora).sections]
    assert "Egna resultat jämfört med kohorten" in titles and "Resultat" not in titles


# -- Each chart after its heading ------------------------------------------------------


def test_each_chart_comes_after_its_heading(subtraction_survey):
    import re

    from kompass.surveys.report import build_organisation_report

    html = _text(
        build_organisation_report(subtraction_survey, Organisation.objects.get(code="2062"))
    )
    figures = re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S)
    assert figures
    for figure in figures:
        assert figure.index("<figcaption") < figure.index("<svg")
