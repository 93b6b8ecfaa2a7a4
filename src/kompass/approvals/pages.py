"""What a confirmation page needs to show the four-eyes state of an object: the open
request (who asked, when), the earlier decisions, and which buttons this user gets.
The app's page shows what will be published above it and handles the POST."""

from kompass.approvals import domain


def decision_context(obj, what: str, user, *, may_request: bool, may_decide: bool) -> dict:
    waiting = domain.pending(obj, what)
    own = bool(waiting and waiting.requested_by_id == user.pk)
    return {
        "pending": waiting,
        "history": list(domain.history(obj, what).exclude(state=domain.State.PENDING)[:10]),
        "can_request": waiting is None and may_request,
        "can_approve": waiting is not None and may_decide and not own,
        "can_withdraw": own,
        "own_request": own,
    }
