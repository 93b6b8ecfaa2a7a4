"""The instrument editor's pages: the instruments a user may use, one instrument with its
versions, the editor, the phone preview, copy, and import/export as framework YAML.

Who may do what is the access policy's (`kompass.accounts.access`): shipped instruments
are read by everyone signed in and changed by nobody here; an organisation's own are read
by its members and changed by its owners and editors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_create_instrument,
    can_edit,
    get_instrument_for_user,
    instrument_organisation_ids,
    visible_instruments,
)
from kompass.core.errors import InputError
from kompass.core.security import framed_by_own_pages
from kompass.frameworks.models import Framework
from kompass.frameworks.schema import FrameworkError
from kompass.organisations.models import Organisation
from kompass.surveys.answer_views import answer_fields
from kompass.surveys.domain import editor
from kompass.surveys.domain.instrument import codebook_for, default_attributes, layout_for
from kompass.surveys.instrument_forms import (
    AttributeFormSet,
    CopyForm,
    ImportInstrumentForm,
    InstrumentForm,
    SectionFormSet,
    draft_from_forms,
    initial_from_draft,
)
from kompass.surveys.models import Survey, Wave

SCRIPTS = ["surveys/instrument-editor.js"]


def _organisations(user):
    ids = instrument_organisation_ids(user)
    qs = Organisation.objects.order_by("name")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _organisation(user, pk) -> Organisation:
    """One of the organisations the user may make instruments for (403 otherwise)."""
    found = next((o for o in _organisations(user) if o.pk == pk), None)
    if found is None:
        raise PermissionDenied
    return found


@login_required
def instrument_list(request):
    instruments = visible_instruments(request.user).filter(kind=Framework.Kind.SURVEY)
    return render(
        request,
        "surveys/instrument_list.html",
        {
            "shipped": [f for f in instruments if f.organisation_id is None],
            "own": [
                f
                for f in instruments.order_by("organisation__name", "family", "version")
                if f.organisation_id
            ],
            "may_make": can_create_instrument(request.user),
        },
    )


@login_required
def instrument_detail(request, identifier):
    framework = get_instrument_for_user(request.user, identifier)
    tree = framework.tree
    versions = visible_instruments(request.user).filter(family=framework.family)
    if framework.organisation_id:
        versions = versions.filter(organisation_id=framework.organisation_id)
    else:
        versions = versions.filter(organisation__isnull=True)
    surveys = Survey.objects.filter(framework=framework).count()
    waves = Wave.objects.filter(framework=framework).count()
    return render(
        request,
        "surveys/instrument_detail.html",
        {
            "framework": framework,
            "tree": tree,
            "versions": versions.order_by("version"),
            "may_edit": can_edit(request.user, framework),
            "fits": editor.fits_editor(tree),
            "may_copy": can_create_instrument(request.user) and tree.kind == "survey",
            "surveys": surveys,
            "waves": waves,
            "draft": editor.draft_from_tree(tree) if tree.kind == "survey" else None,
        },
    )


def _error_list(form, sections, attributes) -> list[dict]:
    """Every error as the summary lists it: the field's label as the user sees it (with
    the section's or question's number) and a link to the field."""
    out = []

    def add(f, where: str = ""):
        for name, errors in f.errors.items():
            if name == "__all__":
                out.extend({"id": "", "label": where, "message": e} for e in errors)
                continue
            field = f[name]
            label = f"{where}{field.label}" if where else field.label
            out.extend({"id": field.auto_id, "label": label, "message": e} for e in errors)

    add(form)
    for index, f in enumerate(sections.forms):
        add(f, _("Avsnitt %(n)s – ") % {"n": index + 1})
    for index, f in enumerate(attributes.forms):
        add(f, _("Bakgrundsfråga %(n)s – ") % {"n": index + 1})
    out.extend({"id": "", "label": "", "message": e} for e in sections.non_form_errors())
    out.extend({"id": "", "label": "", "message": e} for e in attributes.non_form_errors())
    return out


def _put_problems(exc: InputError, form, sections, attributes) -> None:
    """Each problem at the field it names (`sections-1-statements`), the rest above."""
    for problem in exc.problems:
        name = problem.field or ""
        placed = False
        for prefix, formset in (("sections-", sections), ("attributes-", attributes)):
            if name.startswith(prefix):
                index, _sep, field = name[len(prefix) :].partition("-")
                kept = [
                    f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
                if not kept and formset.forms:
                    kept = formset.forms[:1]  # nothing filled in: the first, blank row
                if index.isdigit() and int(index) < len(kept) and field in kept[int(index)].fields:
                    kept[int(index)].add_error(field, problem.message)
                    placed = True
        if not placed:
            if name in form.fields:
                form.add_error(name, problem.message)
            else:
                form.add_error(None, problem.message)


def _editor(request, *, framework: Framework | None, initial_draft: editor.Draft | None):
    user = request.user
    organisations = _organisations(user) if framework is None else ()
    if framework is None and not organisations:
        raise PermissionDenied
    initial, section_initial, attribute_initial = {}, [], []
    if initial_draft is not None:
        initial, section_initial, attribute_initial = initial_from_draft(initial_draft)
    data = request.POST if request.method == "POST" else None
    form = InstrumentForm(data, initial=initial or None, organisations=organisations)
    sections = SectionFormSet(data, initial=section_initial, prefix="sections")
    attributes = AttributeFormSet(data, initial=attribute_initial, prefix="attributes")
    if request.method == "POST":
        valid = form.is_valid() & sections.is_valid() & attributes.is_valid()
        if valid:
            draft = draft_from_forms(form, sections, attributes, base=initial_draft)
            try:
                if framework is None:
                    organisation = _organisation(user, form.cleaned_data["organisation"])
                    saved = editor.save_draft(draft=draft, organisation=organisation, user=user)
                else:
                    saved = editor.save_draft(
                        draft=draft,
                        organisation=framework.organisation,
                        user=user,
                        instance=framework,
                    )
            except InputError as exc:
                _put_problems(exc, form, sections, attributes)
            else:
                if saved.new_version:
                    messages.success(
                        request,
                        _(
                            "Instrumentet används redan i en enkät, så dess koder och skalor "
                            "ändras inte. Ändringen är sparad som version %(version)s; enkäter "
                            "och omgångar som använde version %(old)s behåller den."
                        )
                        % {"version": saved.framework.version, "old": saved.previous.version},
                    )
                else:
                    messages.success(request, _("Instrumentet är sparat."))
                return redirect("surveys:instrument", identifier=saved.framework.identifier)
    errors = _error_list(form, sections, attributes) if request.method == "POST" else []
    return render(
        request,
        "surveys/instrument_edit.html",
        {
            "form": form,
            "sections": sections,
            "attributes": attributes,
            "framework": framework,
            "error_list": errors,
            "scripts": SCRIPTS,
        },
        status=400 if errors else 200,
    )


@login_required
def instrument_create(request):
    if not can_create_instrument(request.user):
        raise PermissionDenied
    return _editor(request, framework=None, initial_draft=None)


@login_required
def instrument_edit(request, identifier):
    framework = get_instrument_for_user(request.user, identifier, edit=True)
    tree = framework.tree
    if editor.fits_editor(tree):
        messages.info(
            request,
            _("Det här instrumentet kan bara ändras som YAML: exportera, ändra och importera."),
        )
        return redirect("surveys:instrument", identifier=identifier)
    return _editor(request, framework=framework, initial_draft=editor.draft_from_tree(tree))


@login_required
def instrument_copy(request, identifier):
    source = get_instrument_for_user(request.user, identifier)
    organisations = _organisations(request.user)
    if not organisations or source.kind != Framework.Kind.SURVEY:
        raise PermissionDenied
    form = CopyForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = _organisation(request.user, form.cleaned_data["organisation"])
        saved = editor.copy_instrument(source=source, organisation=organisation, user=request.user)
        messages.success(request, _("Kopian är sparad. Ändra den här."))
        target = "surveys:instrument_edit"
        if editor.fits_editor(saved.framework.tree):
            target = "surveys:instrument"
        return redirect(target, identifier=saved.framework.identifier)
    return render(
        request,
        "surveys/instrument_copy.html",
        {"form": form, "framework": source},
    )


@login_required
def instrument_import(request):
    organisations = _organisations(request.user)
    if not organisations:
        raise PermissionDenied
    form = ImportInstrumentForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        organisation = _organisation(request.user, form.cleaned_data["organisation"])
        upload = form.cleaned_data["file"]
        try:
            text = editor.read_upload(upload.read(), upload.name)
            saved = editor.import_instrument(
                text=text, filename=upload.name, organisation=organisation, user=request.user
            )
        except (InputError, FrameworkError) as exc:
            problems = [str(p) for p in exc.problems]
            form.add_error("file", _("Filen är inte inläst: rätta felen nedan och försök igen."))
        else:
            if saved.new_version:
                messages.success(
                    request,
                    _(
                        "Instrumentet används redan i en enkät, så dess koder och skalor ändras "
                        "inte. Filen är inläst som version %(version)s."
                    )
                    % {"version": saved.framework.version},
                )
            else:
                messages.success(request, _("Instrumentet är inläst."))
            return redirect("surveys:instrument", identifier=saved.framework.identifier)
    return render(
        request,
        "surveys/instrument_import.html",
        {"form": form, "problems": problems, "scripts": SCRIPTS},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def instrument_export(request, identifier):
    framework = get_instrument_for_user(request.user, identifier)
    response = HttpResponse(framework.source_text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.identifier}.yaml"'
    return response


@login_required
def instrument_preview(request, identifier):
    framework = get_instrument_for_user(request.user, identifier)
    if framework.kind != Framework.Kind.SURVEY:
        raise PermissionDenied
    return render(request, "surveys/instrument_preview.html", {"framework": framework})


@login_required
@framed_by_own_pages
@xframe_options_sameorigin
def instrument_preview_form(request, identifier):
    """The answer form as a respondent sees it (framed 360 px wide by the preview page).
    Nothing can be sent from it."""
    framework = get_instrument_for_user(request.user, identifier)
    if framework.kind != Framework.Kind.SURVEY:
        raise PermissionDenied
    tree = framework.tree
    layout = layout_for(tree, codebook_for(tree).to_json(), default_attributes(tree))
    return render(
        request,
        "surveys/instrument_preview_form.html",
        {"framework": framework, **answer_fields(layout, tree, {}, {})},
    )


@require_POST
@login_required
def instrument_delete(request, identifier):
    framework = get_instrument_for_user(request.user, identifier, edit=True)
    try:
        editor.delete_instrument(framework=framework, user=request.user)
    except InputError as exc:
        messages.error(request, " ".join(p.message for p in exc.problems))
        return redirect("surveys:instrument", identifier=identifier)
    messages.success(request, _("Instrumentet är borttaget."))
    return redirect("surveys:instruments")
