import pytest

from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.transfer import import_evaluation

LEKSAND_TEXT = LEKSAND.read_text(encoding="utf-8")


@pytest.fixture
def leksand_2023(base_data):
    evaluation, _ = import_evaluation(LEKSAND_TEXT, filename="leksand-2023.yaml")
    return evaluation


def evaluation_yaml(**changes) -> str:
    """A small valid import file; `changes` replace top-level lines (value text as given)."""
    lines = {
        "format": "kompass-evaluation/1",
        "framework": "kommunkompassen-2020",
        "organisation": '"2029"',
        "date": "2024-05-02",
        "status": "draft",
    }
    lines.update(changes)
    text = "".join(f"{k}: {v}\n" for k, v in lines.items() if v is not None)
    return text
