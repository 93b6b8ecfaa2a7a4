from tests.surveys.conftest import tiny_framework, tiny_survey  # noqa: F401 - fixtures
