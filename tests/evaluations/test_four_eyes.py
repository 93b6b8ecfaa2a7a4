"""Four eyes on publishing: the evaluator who asks cannot approve (not through the
domain, not through the page, not through the status form); a second assigned evaluator
or an administrator can, after a confirmation page that shows what will be published;
the report names both; the trail has the request, the approval and a rejection."""

import pytest
from django.core.exceptions import PermissionDenied

from kompass.approvals.domain import SelfApproval, pending
from kompass.approvals.models import Approval
from kompass.audit.models import AuditEntry
from kompass.core.errors import InputError
from kompass.evaluations.domain.scores import set_scores
from kompass.evaluations.domain.workflow import allowed_transitions, transition
from kompass.evaluations.models import Evaluation
from kompass.evaluations.report import build_evaluation_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(draft, cast):
    draft.evaluators.add(cast["other_evaluator"])
    set_scores(
        evaluation=draft,
        scores={s.code: 2 for s in draft.framework.tree.subareas},
        user=cast["evaluator"],
    )
    return draft


def test_evaluator_cannot_publish_own_evaluation_and_a_second_person_can(scored, cast):
    evaluator, second = cast["evaluator"], cast["other_evaluator"]
    transition(evaluation=scored, to="review", user=evaluator)
    assert "published" not in allowed_transitions(evaluator, scored)
    with pytest.raises(SelfApproval, match="en annan person"):
        transition(evaluation=scored, to="published", user=evaluator)
    scored.refresh_from_db()
    assert scored.status == Evaluation.Status.REVIEW

    transition(evaluation=scored, to="published", user=second)
    scored.refresh_from_db()
    assert scored.is_published
    approval = Approval.objects.get()
    assert (approval.requested_by, approval.decided_by, approval.state) == (
        evaluator,
        second,
        "approved",
    )
    assert approval.shown["totalpoäng"]  # what the approver saw is kept

    meta = dict(build_evaluation_report(scored).meta)
    assert meta["Begärd av"].startswith("Utvarderare (utvarderare)")
    assert meta["Godkänd av"].startswith("Annan_Utvarderare (annan_utvarderare)")


def test_the_report_names_both_on_its_first_page(scored, cast, client_for):
    transition(evaluation=scored, to="review", user=cast["evaluator"])
    transition(evaluation=scored, to="published", user=cast["admin"])
    page = client_for(cast["reader"]).get(f"/rapporter/utvardering/{scored.pk}/?format=html")
    html = page.content.decode()
    assert "Begärd av" in html and "Utvarderare (utvarderare)" in html
    assert "Godkänd av" in html and "Admin (admin)" in html


def test_the_confirmation_page_shows_what_will_be_published_and_refuses_self_approval(
    scored, cast, client_for
):
    client = client_for(cast["evaluator"])
    url = f"/utvarderingar/{scored.pk}/publicering/"
    page = client.get(url).content.decode()
    assert "Det här publiceras" in page and "Poäng per område" in page
    assert 'value="request"' in page and 'value="approve"' not in page
    response = client.post(url, {"action": "request"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Du begärde själv godkännandet" in page and 'value="approve"' not in page
    # A hand-made POST is refused all the same, through the page and the status form.
    client.post(url, {"action": "approve"}, follow=True)
    client.post(f"/utvarderingar/{scored.pk}/status/", {"to": "published"})
    scored.refresh_from_db()
    assert scored.status == Evaluation.Status.REVIEW

    other = client_for(cast["other_evaluator"])
    page = other.get(url).content.decode()
    assert 'value="approve"' in page and "Begärd av Utvarderare (utvarderare)" in page
    response = other.post(url, {"action": "approve"})
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.is_published


@pytest.mark.parametrize(("role", "status"), [("owner", 403), ("reader", 403), ("outsider", 404)])
def test_only_evaluators_and_administrators_reach_the_page(scored, cast, client_for, role, status):
    client = client_for(cast[role])
    url = f"/utvarderingar/{scored.pk}/publicering/"
    assert client.get(url).status_code == status
    assert client.post(url, {"action": "request"}).status_code == status
    assert not Approval.objects.exists()


def test_rejection_sends_it_back_with_a_reason_and_the_trail_has_every_step(scored, cast):
    evaluator, second = cast["evaluator"], cast["other_evaluator"]
    transition(evaluation=scored, to="review", user=evaluator)
    transition(evaluation=scored, to="draft", user=second, reason="Område 3 saknar underlag")
    scored.refresh_from_db()
    assert scored.status == Evaluation.Status.DRAFT
    assert Approval.objects.get().state == "rejected"
    transition(evaluation=scored, to="review", user=evaluator)
    transition(evaluation=scored, to="published", user=second)
    actions = list(
        AuditEntry.objects.filter(object_kind="evaluations.evaluation", object_id=str(scored.pk))
        .exclude(action__in=("update", "status"))
        .order_by("pk")
        .values_list("action", "who")
    )
    assert actions == [
        ("request", "Utvarderare (utvarderare)"),
        ("reject", "Annan_Utvarderare (annan_utvarderare)"),
        ("request", "Utvarderare (utvarderare)"),
        ("approve", "Annan_Utvarderare (annan_utvarderare)"),
    ]
    reject = AuditEntry.objects.get(action="reject")
    assert reject.after["motivering"] == "Område 3 saknar underlag"


def test_a_second_request_while_one_waits_is_refused(scored, cast):
    transition(evaluation=scored, to="review", user=cast["evaluator"])
    from kompass.approvals.domain import request

    with pytest.raises(InputError, match="väntar på godkännande"):
        request(obj=scored, what="publish", user=cast["other_evaluator"])


def test_publishing_without_a_request_is_refused(scored, cast):
    Evaluation.objects.filter(pk=scored.pk).update(status="review")
    scored.refresh_from_db()
    assert pending(scored, "publish") is None
    with pytest.raises(ValueError, match="Ingen har begärt"):
        transition(evaluation=scored, to="published", user=cast["admin"])


def test_members_cannot_approve(scored, cast):
    transition(evaluation=scored, to="review", user=cast["evaluator"])
    with pytest.raises(PermissionDenied):
        transition(evaluation=scored, to="published", user=cast["owner"])
    assert pending(scored, "publish") is not None


@pytest.mark.slow  # loads the whole evaluation demo (about 15 s)
def test_demo_shows_published_evaluations_with_who_asked_and_who_approved(base_data):
    import io

    from kompass.evaluations import demo as evaluation_demo
    from kompass.organisations import demo as user_demo

    out = io.StringIO()
    user_demo.load(out)
    evaluation_demo.load(out)
    published = Evaluation.objects.filter(status="published")
    assert published.count() > 30
    approvals = Approval.objects.filter(state="approved")
    assert sorted(int(a.object_id) for a in approvals) == sorted(p.pk for p in published)
    assert {(a.requested_by_name, a.decided_by_name) for a in approvals} == {
        ("Ulla Utvärderare (utvarderare)", "Ada Administratör (admin)")
    }
    meta = dict(
        build_evaluation_report(published.get(organisation__code="2029", date__year=2023)).meta
    )
    assert meta["Begärd av"].startswith("Ulla Utvärderare (utvarderare)")
    assert meta["Godkänd av"].startswith("Ada Administratör (admin)")
    assert "Fyra ögon:" in out.getvalue()
    # Loading again adds nothing.
    evaluation_demo.load(io.StringIO())
    assert Approval.objects.count() == published.count()
