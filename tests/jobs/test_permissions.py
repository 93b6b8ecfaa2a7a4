"""The permission matrix of "Mina jobb" (/jobb/): a job and its files are seen only by the
user who started it and by administrators; everyone else gets 404, as for a job that does
not exist."""

import pytest

from kompass.jobs import enqueue
from tests.jobs import probe
from tests.jobs.test_jobs import run_worker

# The worker runs in this process (see tests/jobs/test_jobs.py): real commits.
pytestmark = pytest.mark.django_db(transaction=True)

USERS = ["admin", "owner", "editor", "reader", "evaluator", "outsider", None]

#                   admin owner editor reader evaluator outsider anonymous
MATRIX = {
    "detail": [200, 404, 200, 404, 404, 404, 302],
    "status": [200, 404, 200, 404, 404, 404, 302],
    "file": [200, 404, 200, 404, 404, 404, 302],
    "missing": [404, 404, 404, 404, 404, 404, 302],
    "not_an_id": [404, 404, 404, 404, 404, 404, 302],
}


@pytest.mark.parametrize("name", MATRIX)
def test_permission_matrix(db, cast, client_for, name):
    job = enqueue(probe.count_to, user=cast["editor"], title="Räkna", total=2)
    run_worker()
    result = job.files.get()
    url = {
        "detail": f"/jobb/{job.pk}/",
        "status": f"/jobb/{job.pk}/status/",
        "file": f"/jobb/{job.pk}/filer/{result.pk}/",
        "missing": "/jobb/00000000-0000-0000-0000-000000000000/",
        "not_an_id": "/jobb/inte-ett-id/",
    }[name]
    got = [client_for(cast[u] if u else None).get(url).status_code for u in USERS]
    assert got == MATRIX[name]
