"""A page's charts are images at the digest of their content (`/diagram/<digest>.svg`):
the page publishes what it takes to draw each, the chart view draws it for signed-in
users, and anything but a published digest is 404."""

import re

import pytest
from django.urls import reverse

from kompass.organisations.models import Organisation
from kompass.reports import charts
from kompass.surveys import views as survey_views
from tests.conftest import make_user

CHART_IMG = re.compile(
    r'<img class="chart-picture" src="/diagram/([0-9a-f]{64})\.svg" alt="([^"]+)"[^>]*>'
)


@pytest.fixture
def chart_folder(tmp_path):
    """A shared chart folder of its own, emptied memory before and after."""
    charts.use_cache_dir(tmp_path)
    charts._MEMORY.clear()
    charts._SPECS.clear()
    yield tmp_path
    charts.use_cache_dir(None)
    charts._MEMORY.clear()
    charts._SPECS.clear()


@pytest.fixture
def owner(subtraction_survey):
    user = make_user("enkatagare", evaluator=True)
    subtraction_survey.owners.add(user)
    return user


def test_survey_results_page_links_its_charts_and_keeps_their_tables(
    client_for, owner, chart_folder
):
    page = client_for(owner).get(reverse("surveys:report", args=["liten"])).content.decode()
    figures = re.findall(r'<figure class="chart".*?</figure>', page, flags=re.S)
    assert figures
    for figure in figures:
        assert "<svg" not in figure
        found = CHART_IMG.search(figure)
        assert found, figure[:300]
        # the picture's text alternative is the chart's description, as printed below it
        assert f'<p class="muted chart-description">{found.group(2)}</p>' in figure
        assert "Visa diagrammets siffror som tabell" in figure and "<table" in figure
    # nothing was drawn for the page: only the specifications were kept
    assert not list(chart_folder.glob("*.svg"))
    assert len(list(chart_folder.glob("*.json"))) == len({CHART_IMG.search(f)[1] for f in figures})


def test_chart_view_draws_a_published_chart_for_a_signed_in_user(
    client_for, owner, cast, chart_folder
):
    page = client_for(owner).get(reverse("surveys:report", args=["liten"])).content.decode()
    digest = CHART_IMG.search(page).group(1)
    # another web process: nothing in memory, only the shared folder
    charts._MEMORY.clear()
    charts._SPECS.clear()
    # any signed-in user may fetch the picture by its digest (it cannot be guessed)
    response = client_for(cast["reader"]).get(f"/diagram/{digest}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "immutable" in response["Cache-Control"] and "private" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<text" in svg and "<script" not in svg
    assert (chart_folder / f"{digest}.svg").exists()
    # the page made again (its HTML is kept while the results are the same) reserves the
    # picture's room, now that its size is known
    survey_views._html_cache.clear()
    again = client_for(owner).get(reverse("surveys:report", args=["liten"])).content.decode()
    assert re.search(rf'src="/diagram/{digest}\.svg" alt="[^"]+" width="\d+" height="\d+"', again)
    # the same picture as the PDF and Word files draw (one cache, one drawing)
    assert charts.published_svg(digest) == response.content


def test_chart_view_needs_a_signed_in_user(client_for, owner, chart_folder):
    page = client_for(owner).get(reverse("surveys:report", args=["liten"])).content.decode()
    digest = CHART_IMG.search(page).group(1)
    response = client_for(None).get(f"/diagram/{digest}.svg")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


@pytest.mark.parametrize(
    "address",
    [
        "/diagram/" + "0" * 64 + ".svg",  # well formed, never published
        "/diagram/" + "A" * 64 + ".svg",  # upper case: not a digest written here
        "/diagram/" + "g" * 64 + ".svg",  # not hex
        "/diagram/" + "a" * 63 + ".svg",  # too short
        "/diagram/" + "a" * 5000 + ".svg",  # overlong
        "/diagram/..%2F..%2Fsettings.svg",
        "/diagram/../../etc/passwd.svg",
        "/diagram/%2E%2E%2Fkompass.svg",
        "/diagram/.svg",
        "/diagram/" + "a" * 64 + "%00.svg",  # refused at the door (400), see below
    ],
)
def test_unknown_or_hostile_digests_are_refused(client_for, cast, chart_folder, address):
    (chart_folder.parent / "settings.svg").write_text("<svg/>")
    # A NUL character is refused before any view (kompass.core.characters).
    expected = 400 if "%00" in address else 404
    assert client_for(cast["reader"]).get(address).status_code == expected


def test_a_damaged_specification_is_404_not_an_error(client_for, cast, chart_folder):
    digest = "b" * 64
    (chart_folder / f"{digest}.json").write_text("{not json")
    assert client_for(cast["reader"]).get(f"/diagram/{digest}.svg").status_code == 404


def test_a_chart_is_published_in_the_language_of_the_page(client_for, owner, chart_folder):
    """The number format is part of the digest: the English page links other pictures."""
    client = client_for(owner)
    url = reverse("surveys:report", args=["liten"])
    swedish = set(CHART_IMG.findall(client.get(url).content.decode()))
    client.cookies["django_language"] = "en"
    english = set(CHART_IMG.findall(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()))
    assert english and swedish and not {d for d, _ in swedish} & {d for d, _ in english}


def test_pages_of_other_organisations_publish_nothing_for_an_outsider(
    client_for, cast, subtraction_survey, chart_folder
):
    """An outsider's refused page publishes no chart (nothing to fetch afterwards)."""
    leksand = Organisation.objects.get(code="2029")
    url = reverse("surveys:organisation", args=["liten", leksand.code])
    assert client_for(cast["reader"]).get(url).status_code == 404
    assert not list(chart_folder.glob("*.json"))


def test_a_guessed_chart_cannot_be_checked_against_the_addresses(
    client_for, owner, cast, chart_folder, settings
):
    """The confirmation attack: an outsider who guesses another organisation's data can
    build the very chart the page would show; its digest computed without the
    installation's secret names no picture, so the guess cannot be checked."""
    page = client_for(owner).get(reverse("surveys:report", args=["liten"])).content.decode()
    published = set(CHART_IMG.findall(page))
    assert published
    survey_views._html_cache.clear()
    try:
        charts.use_secret("an attacker's own key")  # everything but the secret is public
        charts._MEMORY.clear()
        charts._SPECS.clear()
        guessed = set(
            CHART_IMG.findall(
                client_for(owner).get(reverse("surveys:report", args=["liten"])).content.decode()
            )
        )
    finally:
        charts.use_secret(settings.SECRET_KEY)
        survey_views._html_cache.clear()
    assert {d for d, _alt in guessed}.isdisjoint({d for d, _alt in published})
    # The attacker computed those digests at home: the installation never kept them.
    charts._MEMORY.clear()
    charts._SPECS.clear()
    for digest, _alt in guessed:
        (chart_folder / f"{digest}.json").unlink()
    outsider = client_for(cast["outsider"])
    for digest, _alt in guessed:
        assert outsider.get(f"/diagram/{digest}.svg").status_code == 404
    for digest, _alt in published:
        assert outsider.get(f"/diagram/{digest}.svg").status_code == 200
