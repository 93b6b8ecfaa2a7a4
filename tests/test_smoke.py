import pytest

from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.transfer import import_evaluation


@pytest.mark.django_db
def test_pages_render_for_admin(cast, client_for):
    evaluation, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="leksand.yaml")
    client = client_for(cast["admin"])
    for url in [
        "/",
        "/utvarderingar/",
        f"/utvarderingar/{evaluation.pk}/",
        f"/utvarderingar/{evaluation.pk}/poang/",
        f"/utvarderingar/{evaluation.pk}/poang/3/",
        f"/utvarderingar/{evaluation.pk}/logg/",
        f"/utvarderingar/{evaluation.pk}/uppgifter/",
        f"/utvarderingar/{evaluation.pk}/omrade/2/",
        "/utvarderingar/ny/",
        "/utvarderingar/importera/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
