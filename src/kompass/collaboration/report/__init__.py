"""The project report and the socio-economic account as report data
(`kompass.reports.document`): one object rendered as the web page, PDF, DOCX and XLSX.

- `common`: texts and cells both reports use (socio-economic texts, money, shares, rates);
- `account`: the socio-economic account (`build_account_report`, `account_sections`);
- `project`: the project report (`build_project_report`), which embeds the account.
"""

from kompass.collaboration.report.account import account_sections, build_account_report
from kompass.collaboration.report.common import (
    EXAMPLE_NOTICE,
    SOCIO_TEXTS,
    rate_label,
    socio_text,
    standard_name,
)
from kompass.collaboration.report.project import build_project_report

__all__ = [
    "EXAMPLE_NOTICE",
    "SOCIO_TEXTS",
    "account_sections",
    "build_account_report",
    "build_project_report",
    "rate_label",
    "socio_text",
    "standard_name",
]
