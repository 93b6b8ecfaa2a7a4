"""Evaluations to and from files (YAML or JSON, format `kompass-evaluation/1`, documented
in docs/formats/evaluation.md).

An import validates the whole file first and names every problem with its line and
field; only a file without problems is stored, in one transaction. Importing a file for
an organisation, framework and date that already has an evaluation is refused unless
`replace=True`, which updates that evaluation through the audited domain functions.
"""

import datetime
import hashlib
import json
from decimal import Decimal

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.evaluations.domain import editing
from kompass.evaluations.domain.audit import record
from kompass.evaluations.domain.scores import set_scores, validate_score
from kompass.evaluations.domain.summary import plain_number as _number
from kompass.evaluations.domain.workflow import transition
from kompass.evaluations.models import (
    AreaText,
    Evaluation,
    Evidence,
    Finding,
    GoodExample,
    SubareaScore,
)
from kompass.frameworks.models import Framework
from kompass.lib.jsonfile import load_json
from kompass.lib.problems import Problems
from kompass.lib.tables import decode
from kompass.lib.yamlfile import YamlLines, load_yaml
from kompass.organisations.domain.register import OrganisationResolver

FORMAT = "kompass-evaluation/1"
TOP_KEYS = {
    "format",
    "framework",
    "organisation",
    "date",
    "fieldwork",
    "status",
    "evaluators",
    "evaluator_organisation",
    "interviewees",
    "interview_groups",
    "documents_reviewed",
    "method",
    "summary",
    "example",
    "scores",
    "evidence",
    "areas",
}
AREA_KEYS = {"analysis", "strengths", "improvements", "good_examples"}
EXAMPLE_KEYS = {"organisation", "subarea", "text"}


class _Checker:
    """The shared collector, with the helpers for this format's text fields."""

    def __init__(self, text: str, filename: str):
        self.problems = Problems(filename, lines=lambda: YamlLines(text).get)

    def add(self, path: tuple, message: str) -> None:
        self.problems.at(path, message)

    def text_list(self, data: dict, key: str, path: tuple = ()) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.add((*path, key), _("”%(key)s” ska vara en lista med texter") % {"key": key})
            return []
        return [str(v).strip() for v in value if str(v).strip()]

    def text(self, data: dict, key: str, path: tuple = ()) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.add((*path, key), _("”%(key)s” ska vara en text") % {"key": key})
            return ""
        return str(value).strip()


def parse_evaluation_file(text: str, filename: str = "") -> dict:
    """Read and validate a file; returns clean values or raises InputError (nothing stored)."""
    if filename.lower().endswith(".json"):
        data = load_json(text, filename)
    else:
        data = load_yaml(text, filename)
    check = _Checker(text, filename)
    if not isinstance(data, dict):
        raise InputError(
            [
                InputProblem(
                    _("filen ska innehålla en utvärdering (en mappning med nycklar)"),
                    line=1,
                    file=filename,
                )
            ]
        )
    for key in data:
        if key not in TOP_KEYS:
            check.add(
                (key,),
                _("okänt fält ”%(key)s” (tillåtna: %(allowed)s)")
                % {"key": key, "allowed": ", ".join(sorted(TOP_KEYS))},
            )
    if data.get("format", FORMAT) != FORMAT:
        check.add(("format",), _("formatet ska vara %(format)s") % {"format": repr(FORMAT)})
    for key in ("framework", "organisation", "date"):
        if data.get(key) in (None, ""):
            check.add((key,), _("”%(key)s” saknas") % {"key": key})

    clean: dict = {"filename": filename, "checksum": hashlib.sha256(text.encode()).hexdigest()}
    framework = None
    if data.get("framework"):
        evaluation_frameworks = Framework.objects.filter(kind=Framework.Kind.EVALUATION)
        framework = evaluation_frameworks.filter(identifier=str(data["framework"])).first()
        if framework is None:
            known = ", ".join(evaluation_frameworks.values_list("identifier", flat=True)) or _(
                "inga"
            )
            check.add(
                ("framework",),
                _("okänt ramverk ”%(name)s” (kända: %(known)s)")
                % {"name": data["framework"], "known": known},
            )
    clean["framework"] = framework
    if data.get("organisation") not in (None, ""):
        try:
            clean["organisation"] = OrganisationResolver()(data["organisation"])
        except LookupError as exc:
            check.add(("organisation",), str(exc))
    clean["date"] = _date(check, data.get("date"))
    status = str(data.get("status") or Evaluation.Status.DRAFT)
    if status not in Evaluation.Status.values:
        check.add(
            ("status",),
            _("okänd status ”%(status)s” (välj %(allowed)s)")
            % {"status": status, "allowed": ", ".join(Evaluation.Status.values)},
        )
    clean["status"] = status
    interviewees = data.get("interviewees")
    if interviewees is not None and (
        not isinstance(interviewees, int) or isinstance(interviewees, bool) or interviewees < 0
    ):
        check.add(("interviewees",), _("”interviewees” ska vara ett heltal 0 eller större"))
        interviewees = None
    clean["interviewees"] = interviewees
    for key in ("fieldwork", "evaluator_organisation", "method", "summary"):
        clean[key] = check.text(data, key)
    clean["evaluator_names"] = check.text_list(data, "evaluators")
    clean["interview_groups"] = check.text_list(data, "interview_groups")
    clean["documents_reviewed"] = check.text_list(data, "documents_reviewed")
    clean["is_example"] = bool(data.get("example", False))

    tree = framework.tree if framework else None
    clean["scores"] = _scores(check, data.get("scores"), tree)
    clean["evidence"] = _evidence(check, data.get("evidence"), tree)
    clean["areas"] = _areas(check, data.get("areas"), tree)
    if status == Evaluation.Status.PUBLISHED and tree is not None and not check.problems:
        missing = [s.code for s in tree.subareas if clean["scores"].get(s.code) is None]
        if missing:
            check.add(
                ("scores",),
                _(
                    "en publicerad utvärdering behöver poäng för alla delområden; "
                    "saknas: %(missing)s"
                )
                % {"missing": ", ".join(missing)},
            )
    check.problems.raise_if_any()
    return clean


def _date(check: _Checker, value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            check.add(
                ("date",), _("”%(value)s” är inget datum (skriv ÅÅÅÅ-MM-DD)") % {"value": value}
            )
            return None
    if value > timezone.localdate():
        check.add(
            ("date",), _("datumet %(date)s ligger i framtiden") % {"date": f"{value:%Y-%m-%d}"}
        )
        return None
    return value


def _scores(check: _Checker, data, tree) -> dict[str, Decimal | None]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        check.add(("scores",), _("”scores” ska vara en mappning från delområdeskod till poäng"))
        return {}
    out = {}
    for code, value in data.items():
        if tree is None:
            continue
        try:
            out[str(code)] = validate_score(tree, str(code), value)
        except InputError as exc:
            for p in exc.problems:
                check.add(("scores", code), p.message)
    return out


def _evidence(check: _Checker, data, tree) -> list[tuple[str, str, str]]:
    if data is None:
        return []
    if not isinstance(data, dict):
        check.add(
            ("evidence",), _("”evidence” ska vara en mappning från delområdeskod till anteckningar")
        )
        return []
    out = []
    for code, notes in data.items():
        if tree is not None:
            try:
                tree.subarea(str(code))
            except KeyError:
                check.add(("evidence", code), _("okänt delområde ”%(code)s”") % {"code": code})
                continue
        if not isinstance(notes, list):
            check.add(("evidence", code), _("ange en lista med anteckningar ({source, text})"))
            continue
        for index, note in enumerate(notes):
            path = ("evidence", code, index)
            if not isinstance(note, dict) or not str(note.get("text", "")).strip():
                check.add(path, _("en anteckning behöver ”source” och ”text”"))
                continue
            source = str(note.get("source", ""))
            if source not in Evidence.Source.values:
                check.add(
                    (*path, "source"),
                    _("okänd källa ”%(source)s” (välj %(allowed)s)")
                    % {"source": source, "allowed": ", ".join(Evidence.Source.values)},
                )
                continue
            out.append((str(code), source, str(note["text"]).strip()))
    return out


def _areas(check: _Checker, data, tree) -> dict[str, dict]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        check.add(("areas",), _("”areas” ska vara en mappning från områdeskod till texter"))
        return {}
    resolver = OrganisationResolver()
    out = {}
    for code, area in data.items():
        path = ("areas", code)
        if tree is not None:
            try:
                tree.area(str(code))
            except KeyError:
                check.add(path, _("okänt område ”%(code)s”") % {"code": code})
                continue
        if not isinstance(area, dict):
            check.add(
                path, _("ett område ska vara en mappning med analysis, strengths, improvements")
            )
            continue
        for key in area:
            if key not in AREA_KEYS:
                check.add(
                    (*path, key),
                    _("okänt fält ”%(key)s” (tillåtna: %(allowed)s)")
                    % {"key": key, "allowed": ", ".join(sorted(AREA_KEYS))},
                )
        examples = []
        raw_examples = area.get("good_examples") or []
        if not isinstance(raw_examples, list):
            check.add((*path, "good_examples"), _("”good_examples” ska vara en lista"))
            raw_examples = []
        for index, example in enumerate(raw_examples):
            epath = (*path, "good_examples", index)
            if not isinstance(example, dict) or not example.get("organisation"):
                check.add(epath, _("ett gott exempel behöver ”organisation” (och gärna ”text”)"))
                continue
            for key in example:
                if key not in EXAMPLE_KEYS:
                    check.add((*epath, key), _("okänt fält ”%(key)s”") % {"key": key})
            sub = str(example.get("subarea") or "")
            if sub and tree is not None:
                try:
                    tree.subarea(sub)
                except KeyError:
                    check.add((*epath, "subarea"), _("okänt delområde ”%(code)s”") % {"code": sub})
            name = str(example["organisation"]).strip()
            try:
                org = resolver(name)
            except LookupError:
                org = None  # a company or another body: kept by name
            examples.append(
                {
                    "name": org.name if org else name,
                    "organisation": org,
                    "subarea_code": sub,
                    "text": str(example.get("text") or "").strip(),
                }
            )
        out[str(code)] = {
            "analysis": check.text(area, "analysis", path),
            "strengths": check.text_list(area, "strengths", path),
            "improvements": check.text_list(area, "improvements", path),
            "good_examples": examples,
        }
    return out


def find_duplicate(clean: dict, *, user=None) -> Evaluation | None:
    """The evaluation this file would replace, among those `user` may see (None: the
    command line sees all). One the user may not see counts as not there, so the answer
    never tells that a draft of another organisation exists: the file becomes a new
    evaluation, exactly as if there were none."""
    from kompass.accounts.access import visible_evaluations

    qs = Evaluation.objects.all() if user is None else visible_evaluations(user)
    return qs.filter(
        organisation=clean["organisation"], framework=clean["framework"], date=clean["date"]
    ).first()


@transaction.atomic
def import_evaluation(
    text: str, *, filename: str = "", user=None, replace: bool = False
) -> tuple[Evaluation, bool]:
    """Import one evaluation. Returns (evaluation, created).

    `user=None` is the command line acting as administrator."""
    clean = parse_evaluation_file(text, filename)
    duplicate = find_duplicate(clean, user=user)
    if duplicate is not None and not replace:
        same = _(" (samma fil)") if duplicate.source_checksum == clean["checksum"] else ""
        raise InputError(
            [
                InputProblem(
                    _(
                        "det finns redan en utvärdering av %(organisation)s %(date)s med "
                        "%(framework)s (id %(id)s)%(same)s; ersätt den med --replace"
                    )
                    % {
                        "organisation": duplicate.organisation.name,
                        "date": f"{clean['date']:%Y-%m-%d}",
                        "framework": clean["framework"],
                        "id": duplicate.pk,
                        "same": same,
                    },
                    file=filename,
                )
            ]
        )
    if (
        user is not None
        and not user.is_administrator
        and clean["status"] == Evaluation.Status.PUBLISHED
    ):
        raise InputError(
            [
                InputProblem(
                    _("bara en administratör får importera en publicerad utvärdering"),
                    field="status",
                    file=filename,
                )
            ]
        )
    if duplicate is not None:
        _replace(duplicate, clean, user)
        return duplicate, False
    evaluation = Evaluation.objects.create(
        organisation=clean["organisation"],
        framework=clean["framework"],
        date=clean["date"],
        status=clean["status"],
        fieldwork=clean["fieldwork"],
        evaluator_names=clean["evaluator_names"],
        evaluator_organisation=clean["evaluator_organisation"],
        interviewees=clean["interviewees"],
        interview_groups=clean["interview_groups"],
        documents_reviewed=clean["documents_reviewed"],
        method=clean["method"],
        summary=clean["summary"],
        is_example=clean["is_example"],
        source_checksum=clean["checksum"],
        created_by=user if user is not None and user.is_authenticated else None,
        published_at=timezone.now() if clean["status"] == Evaluation.Status.PUBLISHED else None,
    )
    if user is not None and getattr(user, "is_evaluator", False):
        evaluation.evaluators.add(user)
    SubareaScore.objects.bulk_create(
        SubareaScore(evaluation=evaluation, code=code, score=value)
        for code, value in clean["scores"].items()
        if value is not None
    )
    Evidence.objects.bulk_create(
        Evidence(evaluation=evaluation, subarea_code=code, source=source, text=note)
        for code, source, note in clean["evidence"]
    )
    for code, area in clean["areas"].items():
        if area["analysis"]:
            AreaText.objects.create(
                evaluation=evaluation, area_code=code, analysis=area["analysis"]
            )
        Finding.objects.bulk_create(
            [
                Finding(
                    evaluation=evaluation,
                    area_code=code,
                    kind=Finding.Kind.STRENGTH,
                    position=i,
                    text=t,
                )
                for i, t in enumerate(area["strengths"])
            ]
            + [
                Finding(
                    evaluation=evaluation,
                    area_code=code,
                    kind=Finding.Kind.IMPROVEMENT,
                    position=i,
                    text=t,
                )
                for i, t in enumerate(area["improvements"])
            ]
        )
        GoodExample.objects.bulk_create(
            GoodExample(evaluation=evaluation, area_code=code, **example)
            for example in area["good_examples"]
        )
    trail.record_change(
        user=user, obj=evaluation, action=trail.Action.IMPORT, after={"fil": filename or "fil"}
    )
    return evaluation, True


def import_evaluation_bytes(
    content: bytes, *, filename: str = "", user=None, replace: bool = False
) -> tuple[Evaluation, bool]:
    """Import an uploaded or read file: UTF-8 (also with a BOM, as Windows editors save
    it) or Windows-1252, decoded the way every import in Kompass decodes."""
    text, _encoding = decode(content, filename)
    return import_evaluation(text, filename=filename, user=user, replace=replace)


def _replace(evaluation: Evaluation, clean: dict, user) -> None:
    """Bring an existing evaluation in line with the file, through the audited functions."""
    editing.update_details(
        evaluation=evaluation,
        user=user,
        **{
            k: clean[k]
            for k in (
                "fieldwork",
                "method",
                "summary",
                "evaluator_organisation",
                "evaluator_names",
                "interview_groups",
                "documents_reviewed",
                "interviewees",
            )
        },
    )
    tree = evaluation.framework.tree
    set_scores(
        evaluation=evaluation,
        user=user,
        scores={s.code: clean["scores"].get(s.code) for s in tree.subareas},
    )
    for code, area in clean["areas"].items():
        editing.set_area_texts(
            evaluation=evaluation,
            area_code=code,
            user=user,
            analysis=area["analysis"],
            strengths=area["strengths"],
            improvements=area["improvements"],
        )
        editing.set_good_examples(
            evaluation=evaluation, area_code=code, user=user, examples=area["good_examples"]
        )
    _replace_evidence(evaluation, clean["evidence"], user)
    if evaluation.is_example != clean["is_example"]:
        record(evaluation, user, "exempeldata", evaluation.is_example, clean["is_example"])
        evaluation.is_example = clean["is_example"]
    evaluation.source_checksum = clean["checksum"]
    evaluation.save(update_fields=["source_checksum", "is_example"])
    if evaluation.status != clean["status"]:
        _move_to_status(evaluation, clean["status"], user)


def _replace_evidence(evaluation: Evaluation, notes: list[tuple[str, str, str]], user) -> None:
    """Keep the notes the file has, remove the others, add the new ones (each audited)."""
    wanted = list(notes)
    for evidence in list(evaluation.evidence.all()):
        key = (evidence.subarea_code, evidence.source, evidence.text)
        if key in wanted:
            wanted.remove(key)
        else:
            editing.delete_evidence(evidence=evidence, user=user)
    for code, source, text in wanted:
        editing.add_evidence(
            evaluation=evaluation, subarea_code=code, source=source, text=text, user=user
        )


def _move_to_status(evaluation: Evaluation, status: str, user) -> None:
    """The file's status: administrators (and the command line) set it directly, with an
    audit entry; others go through the workflow's permitted steps."""
    if user is None or user.is_administrator:
        before = evaluation.get_status_display()
        evaluation.status = status
        if status == Evaluation.Status.PUBLISHED and evaluation.published_at is None:
            evaluation.published_at = timezone.now()
        evaluation.save(update_fields=["status", "published_at", "updated_at"])
        record(evaluation, user, "status", before, evaluation.get_status_display())
    else:
        transition(evaluation=evaluation, to=status, user=user)


def export_evaluation(evaluation: Evaluation, *, with_evidence: bool = True) -> dict:
    """The evaluation in the import format, with exact scores (re-importable). The
    evidence notes only `with_evidence`: they are for the organisation and its
    evaluators (`kompass.accounts.access.can_see_evidence`), not for every reader of a
    published evaluation."""
    tree = evaluation.framework.tree
    scores = {s.code: _number(s.score) for s in evaluation.scores.all()}
    texts = {t.area_code: t.analysis for t in evaluation.area_texts.all()}
    findings: dict[tuple[str, str], list[str]] = {}
    for f in evaluation.findings.all():
        findings.setdefault((f.area_code, f.kind), []).append(f.text)
    examples: dict[str, list[dict]] = {}
    for g in evaluation.good_examples.select_related("organisation"):
        org = g.organisation
        entry = {"organisation": (org.code or org.name) if org else g.name, "text": g.text}
        if g.subarea_code:
            entry["subarea"] = g.subarea_code
        examples.setdefault(g.area_code, []).append(entry)
    evidence: dict[str, list[dict]] = {}
    for e in evaluation.evidence.all() if with_evidence else ():
        evidence.setdefault(e.subarea_code, []).append({"source": e.source, "text": e.text})
    areas = {}
    for area in tree.areas:
        entry = {
            "analysis": texts.get(area.code, ""),
            "strengths": findings.get((area.code, Finding.Kind.STRENGTH), []),
            "improvements": findings.get((area.code, Finding.Kind.IMPROVEMENT), []),
            "good_examples": examples.get(area.code, []),
        }
        if any(entry.values()):
            areas[area.code] = entry
    data = {
        "format": FORMAT,
        "framework": evaluation.framework.identifier,
        "organisation": evaluation.organisation.code or evaluation.organisation.name,
        "date": evaluation.date.isoformat(),
        "fieldwork": evaluation.fieldwork,
        "status": evaluation.status,
        "evaluators": evaluation.evaluator_names,
        "evaluator_organisation": evaluation.evaluator_organisation,
        "interviewees": evaluation.interviewees,
        "interview_groups": evaluation.interview_groups,
        "documents_reviewed": evaluation.documents_reviewed,
        "method": evaluation.method,
        "summary": evaluation.summary,
        "example": evaluation.is_example,
        "scores": {s.code: scores[s.code] for s in tree.subareas if s.code in scores},
        "evidence": evidence,
        "areas": areas,
    }
    return {k: v for k, v in data.items() if v not in ("", None, [], {}) or k in ("scores",)}


def dump(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
