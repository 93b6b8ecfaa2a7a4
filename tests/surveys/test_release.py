"""Four eyes on releasing a wave's results: the owner who asks cannot release; another
owner or an administrator can, after a confirmation page showing what will be released;
members of the cohort cannot take part; the trail has each step; the results appear only
after the approval."""

import pytest
from django.urls import reverse

from kompass.approvals.domain import SelfApproval
from kompass.approvals.models import Approval
from kompass.audit.models import AuditEntry
from kompass.core.errors import InputError
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.release import approve_release, reject_release, request_release
from kompass.surveys.domain.results import summary, survey_results
from tests.conftest import make_user
from tests.surveys.conftest import TINY_HEADER, csv_file, subtraction_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners(tiny_survey):
    first, second = make_user("agare_ett"), make_user("agare_tva")
    tiny_survey.owners.add(first, second)
    import_responses(
        survey=tiny_survey, content=csv_file(subtraction_rows(), TINY_HEADER), filename="svar.csv"
    )
    return first, second


def _shown(survey) -> bool:
    return summary(survey_results(survey))["waves"][0]["open"] is False


def test_owner_cannot_release_own_request_and_a_second_owner_can(tiny_survey, owners):
    first, second = owners
    wave = tiny_survey.waves.get()
    request_release(wave=wave, user=first)
    with pytest.raises(SelfApproval):
        approve_release(wave=wave, user=first)
    wave.refresh_from_db()
    assert not wave.closed and not _shown(tiny_survey)
    approve_release(wave=wave, user=second)
    wave.refresh_from_db()
    assert wave.closed and wave.closed_at is not None and _shown(tiny_survey)
    approval = Approval.objects.get()
    assert (approval.requested_by, approval.decided_by) == (first, second)
    assert approval.shown["svarande"] == 41 and approval.shown["minsta_grupp"] == 5
    actions = list(
        AuditEntry.objects.filter(object_kind="surveys.wave", object_id=str(wave.pk))
        .order_by("pk")
        .values_list("action", "who")
    )
    assert actions == [
        ("request", "Agare_Ett (agare_ett)"),
        ("approve", "Agare_Tva (agare_tva)"),
        ("release", "Agare_Tva (agare_tva)"),
    ]


def test_rejected_release_keeps_the_results_hidden(tiny_survey, owners, cast):
    first, _second = owners
    wave = tiny_survey.waves.get()
    request_release(wave=wave, user=first)
    reject_release(wave=wave, user=cast["admin"], reason="Fel fil")
    wave.refresh_from_db()
    assert not wave.closed and not _shown(tiny_survey)
    assert AuditEntry.objects.get(action="reject").after["motivering"] == "Fel fil"
    with pytest.raises(InputError, match="Ingen har begärt"):
        approve_release(wave=wave, user=cast["admin"])


def test_members_of_the_cohort_cannot_release(tiny_survey, owners, cast):
    from django.core.exceptions import PermissionDenied

    wave = tiny_survey.waves.get()
    request_release(wave=wave, user=owners[0])
    with pytest.raises(PermissionDenied):
        approve_release(wave=wave, user=cast["owner"])


def test_the_confirmation_page(tiny_survey, owners, client_for, cast):
    first, second = owners
    url = reverse("surveys:wave_close", args=["liten", "2024-10"])
    page = client_for(first).get(url).content.decode()
    assert "Det här släpps" in page and "Svarande per organisation" in page
    assert "Leksand" in page and 'value="request"' in page
    client_for(first).post(url, {"action": "request"})
    page = client_for(first).get(url).content.decode()
    assert 'value="approve"' not in page and "Du begärde själv" in page
    client_for(first).post(url, {"action": "approve"})
    assert not tiny_survey.waves.get().closed
    page = client_for(second).get(url).content.decode()
    assert 'value="approve"' in page
    client_for(second).post(url, {"action": "approve"})
    assert tiny_survey.waves.get().closed
    for role, status in (("editor", 403), ("reader", 404)):
        assert client_for(cast[role]).get(url).status_code == status


def test_import_asks_for_release_instead_of_closing(tiny_survey, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner = make_user("agare_ett")
    tiny_survey.owners.add(owner)
    client = client_for(owner)
    upload = SimpleUploadedFile("svar.csv", csv_file(subtraction_rows(), TINY_HEADER))
    response = client.post(
        reverse("surveys:import", args=["liten"]), {"file": upload, "close": "on"}
    )
    assert response.status_code == 302
    wave = tiny_survey.waves.get()
    assert not wave.closed
    assert Approval.objects.get().requested_by == owner
