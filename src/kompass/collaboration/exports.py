"""Collaboration projects as report kinds: the project report
(`/rapporter/samverkansprojekt/<id>/`) and its socio-economic account
(`/rapporter/samverkansbokslut/<id>/`, also as the account file in YAML and the result
in JSON)."""

import contextlib
import json

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kompass.reports.exports import ReportKind, file_stem


class ProjectReport(ReportKind):
    identifier = "samverkansprojekt"
    verbose_name = _("Samverkansprojekt: checklista, grad av framgång och samverkansbokslut")
    key_help = "projektets id (se kompass collaboration list)"
    key_type = int
    aliases = ("project",)
    not_found = "det finns inget samverkansprojekt med id %(key)s"

    def get_object(self, user, key, params):
        from kompass.accounts.access import get_project_for_user

        return get_project_for_user(user, key)

    def build(self, obj, params, *, user):
        from kompass.collaboration.report import build_project_report

        return build_project_report(obj)


class AccountReport(ProjectReport):
    identifier = "samverkansbokslut"
    verbose_name = _("Samverkansbokslut (socioekonomisk kalkyl)")
    data_formats = ("yaml", "json")
    aliases = ()

    def build(self, obj, params, *, user):
        from kompass.collaboration.domain.account import project_result
        from kompass.collaboration.report import build_account_report

        result, _problems = project_result(obj)
        if result is None:
            raise Http404
        from kompass.collaboration.domain.approval import approval_lines

        report = build_account_report(result)
        report.meta = [*report.meta, *approval_lines(obj)]  # four eyes: who approved
        report.filename = file_stem("samverkansbokslut", obj.name)
        return report

    def render_data(self, obj, params, fmt, *, user):
        from kompass.analytics.socio.rounding import result_data
        from kompass.analytics.socio_input.writing import account_data
        from kompass.collaboration.domain import account as acc
        from kompass.core.errors import InputError

        if fmt == "yaml":
            import yaml

            data = acc.current_data(obj)
            if data is None:
                raise Http404
            # A valid account is written out in full (with the partners' financing); an
            # incomplete one as stored, so that the user can finish it in a file.
            with contextlib.suppress(InputError):
                data = account_data(acc.build_account(obj))
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            return file_stem("kalkyl", obj.name), text.encode("utf-8")
        result, _problems = acc.project_result(obj)
        if result is None:
            raise Http404
        text = json.dumps(result_data(result), ensure_ascii=False, indent=2)
        return file_stem("samverkansbokslut", obj.name), text.encode("utf-8")
