"""The apps' own fixtures, shared here so that every report kind can be reached from
one permission matrix and one set of formula-injection tests."""

from tests.collaboration.conftest import account_project, agencies, project  # noqa: F401
from tests.followup.conftest import action, improvements, leksand_2023, people, plan  # noqa: F401
from tests.indicators.conftest import benchmark, leksand_indicators  # noqa: F401
from tests.status.conftest import status_table  # noqa: F401
from tests.surveys.conftest import subtraction_survey, tiny_framework, tiny_survey  # noqa: F401
