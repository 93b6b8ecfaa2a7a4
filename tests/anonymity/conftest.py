"""The survey fixtures (the LfR demo survey, the two-statement instrument) are shared
with tests/surveys."""

from tests.surveys.conftest import (  # noqa: F401
    lfr_survey,
    subtraction_survey,
    tiny_framework,
    tiny_survey,
)
