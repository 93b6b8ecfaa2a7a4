"""The instrument editor: an organisation's own survey instrument made in the browser,
copied from a shipped one, exported and imported as framework YAML; who may do what;
and versions (an instrument in use never changes its codes or scales)."""

import datetime

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kompass.frameworks.models import Framework
from kompass.frameworks.schema import parse_framework
from kompass.surveys.domain.answering import ensure_links
from kompass.surveys.domain.results import summary, survey_results
from kompass.surveys.domain.surveys import add_organisations, add_wave, close_wave, create_survey
from kompass.surveys.models import Respondent, Wave

SUBMISSION = "0123456789abcdef0123456789abcdef"


def editor_post(
    *,
    name="Medarbetarenkät",
    organisation=None,
    steps="5",
    low="Stämmer inte alls",
    high="Stämmer helt",
    dont_know=True,
    sections=(
        (
            "Arbetsmiljö",
            "Jag trivs på jobbet.\nJag vet vad som förväntas av mig.",
            "Vad kan bli bättre?",
        ),
    ),
    attributes=(
        (
            "Funktion",
            "role",
            "Vilken funktion har du?",
            "ledning | Ledning\nstöd | Stöd | stod",
            True,
        ),
    ),
    codes=(),
    initial=False,
):
    """The editor's form as a browser sends it (`initial`: the rows were on the page
    already, as when an instrument is changed)."""
    data = {"name": name, "description": "", "steps": steps, "low": low, "high": high}
    if organisation is not None:
        data["organisation"] = str(organisation.pk)
    if dont_know:
        data["dont_know"] = "on"
    data.update(
        {
            "sections-TOTAL_FORMS": str(len(sections)),
            "sections-INITIAL_FORMS": str(len(sections)) if initial else "0",
            "attributes-TOTAL_FORMS": str(len(attributes)),
            "attributes-INITIAL_FORMS": str(len(attributes)) if initial else "0",
        }
    )
    for i, (title, statements, questions) in enumerate(sections):
        data[f"sections-{i}-name"] = title
        data[f"sections-{i}-statements"] = statements
        data[f"sections-{i}-questions"] = questions
        data[f"sections-{i}-code"] = codes[i] if i < len(codes) else ""
    for i, (label, code, question, options, split) in enumerate(attributes):
        data[f"attributes-{i}-label"] = label
        data[f"attributes-{i}-code"] = code
        data[f"attributes-{i}-question"] = question
        data[f"attributes-{i}-options"] = options
        if split:
            data[f"attributes-{i}-split"] = "on"
    return data


@pytest.fixture
def made(client_for, cast, leksand):
    """An instrument of Leksand made in the editor by Leksand's editor."""
    client = client_for(cast["editor"])
    response = client.post(reverse("surveys:instrument_create"), editor_post(organisation=leksand))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Framework.objects.get(organisation=leksand)


def test_editor_makes_a_framework_that_the_parser_reads_like_a_shipped_one(made, leksand):
    tree = made.tree
    assert made.organisation == leksand and made.kind == "survey" and made.version == "1"
    assert [i.code for i in tree.items] == ["q1", "q2", "q3"]
    scale = tree.item("q1").scale
    assert (scale.min, scale.max, scale.labels, scale.dont_know) == (
        1,
        5,
        {1: "Stämmer inte alls", 5: "Stämmer helt"},
        "Vet ej",
    )
    assert tree.item("q3").scale.type == "text"
    assert tree.attributes[0]["options"][1] == {
        "value": "stöd",
        "label": "Stöd",
        "aliases": ["stod"],
    }
    assert parse_framework(made.source_text, "x").items == tree.items


def test_errors_name_the_field_keep_the_input_and_say_it_in_swedish(client_for, cast, leksand):
    client = client_for(cast["editor"])
    data = editor_post(
        organisation=leksand, low="", sections=(("", "Ett påstående.\nx! | Fel kod", ""),)
    )
    response = client.post(reverse("surveys:instrument_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="fel"' in html and "Instrumentet är inte sparat" in html
    assert 'href="#id_low"' in html and "Text för skalsteg 1" in html
    assert 'href="#id_sections-0-name"' in html and "Avsnitt 1 – Rubrik" in html
    assert "Ett påstående." in html  # typed text kept
    assert Framework.objects.filter(organisation=leksand).count() == 0
    # The domain's rules come back at the field too, in the user's words.
    data = editor_post(organisation=leksand, sections=(("Tema", "a1 | Ett.\na1 | Två.", ""),))
    html = client.post(reverse("surveys:instrument_create"), data).content.decode()
    assert "Rad 2: koden ”a1” används redan" in html
    assert 'href="#id_sections-0-statements"' in html
    assert "Ett.\na1 | Två." in html


def test_new_statements_keep_the_codes_of_the_old_ones(client_for, cast, made):
    client = client_for(cast["editor"])
    url = reverse("surveys:instrument_edit", args=[made.identifier])
    page = client.get(url).content.decode()
    assert "q1 | Jag trivs på jobbet." in page
    data = editor_post(
        sections=(
            ("Arbetsmiljö", "Nytt först.\nq1 | Jag trivs på jobbet.", "q3 | Vad kan bli bättre?"),
        ),
        codes=("T1",),
        initial=True,
    )
    assert client.post(url, data).status_code == 302
    made.refresh_from_db()
    assert [i.code for i in made.tree.items] == ["q4", "q1", "q3"]


PERMISSIONS = {
    # url: admin, evaluator, Leksand owner, editor, reader, Rättvik editor
    "instrument": (200, 404, 200, 200, 200, 404),
    "instrument_edit": (200, 404, 200, 200, 403, 404),
    "instrument_preview": (200, 404, 200, 200, 200, 404),
    "instrument_preview_form": (200, 404, 200, 200, 200, 404),
    "instrument_export": (200, 404, 200, 200, 200, 404),
    "instrument_copy": (200, 404, 200, 200, 403, 404),
}


@pytest.mark.parametrize("name", PERMISSIONS)
def test_permission_matrix_of_an_organisations_instrument(client_for, cast, made, name):
    url = reverse(f"surveys:{name}", args=[made.identifier])
    order = ["admin", "evaluator", "owner", "editor", "reader", "outsider"]
    got = tuple(client_for(cast[who]).get(url).status_code for who in order)
    assert got == PERMISSIONS[name]
    assert client_for(None).get(url).status_code == 302


def test_shipped_instruments_are_read_only_for_everyone(client_for, cast, base_data):
    for who in ("admin", "owner", "editor"):
        client = client_for(cast[who])
        assert (
            client.get(reverse("surveys:instrument", args=["lfr-sjalvskattning"])).status_code
            == 200
        )
        url = reverse("surveys:instrument_edit", args=["lfr-sjalvskattning"])
        assert client.get(url).status_code == 403
        assert client.post(url, editor_post()).status_code == 403
    assert client_for(cast["reader"]).get(reverse("surveys:instrument_create")).status_code == 403
    assert (
        client_for(cast["evaluator"]).get(reverse("surveys:instrument_create")).status_code == 403
    )


def test_private_instruments_stay_inside_their_organisation(client_for, cast, made, rattvik):
    outsider = client_for(cast["outsider"])
    assert made.name not in outsider.get(reverse("surveys:instruments")).content.decode()
    # An evaluator of Rättvik cannot start a survey with it, by form or by id.
    cast["outsider"].is_evaluator = True
    cast["outsider"].save()
    page = outsider.get(reverse("surveys:create")).content.decode()
    assert made.name not in page
    response = outsider.post(
        reverse("surveys:create"), {"framework": made.pk, "name": "Stöld", "min_group": 5}
    )
    assert response.status_code == 200 and "Stöld" not in str(Framework.objects.all())
    with pytest.raises(Exception, match="okänt instrument"):
        create_survey(slug="stold", framework=made, user=cast["outsider"])
    # An import cannot overwrite it either: the file becomes Rättvik's own instrument.
    upload = SimpleUploadedFile(
        "x.yaml", made.source_text.replace("Jag trivs", "Ni trivs").encode()
    )
    response = outsider.post(
        reverse("surveys:instrument_import"), {"organisation": rattvik.pk, "file": upload}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert "Jag trivs" in made.source_text
    theirs = Framework.objects.get(organisation=rattvik)
    assert theirs.identifier != made.identifier and theirs.family != made.family
    # Nor a POST of the editor or the copy form for an organisation that is not theirs.
    leksand = made.organisation
    response = outsider.post(
        reverse("surveys:instrument_create"), editor_post(organisation=leksand)
    )
    assert response.status_code in (400, 403)
    assert Framework.objects.filter(organisation=leksand).count() == 1


def test_copy_of_a_shipped_instrument_keeps_its_codes_and_opens_in_the_editor(
    client_for, cast, leksand
):
    client = client_for(cast["editor"])
    response = client.post(
        reverse("surveys:instrument_copy", args=["chefer-om-stodfunktioner"]),
        {"organisation": leksand.pk},
    )
    copy = Framework.objects.get(organisation=leksand)
    assert response.status_code == 302 and response.url.endswith("/andra/")
    shipped = Framework.objects.get(identifier="chefer-om-stodfunktioner")
    assert [i.code for i in copy.tree.items] == [i.code for i in shipped.tree.items]
    assert copy.name.startswith("Kopia av") and copy.family == copy.identifier
    page = client.get(response.url).content.decode()
    assert "ek1 | " in page and "saknar | " in page
    shipped.refresh_from_db()
    assert shipped.organisation is None


def test_export_is_the_framework_yaml_and_imports_again(client_for, cast, made, leksand):
    client = client_for(cast["editor"])
    response = client.get(reverse("surveys:instrument_export", args=[made.identifier]))
    assert response["Content-Disposition"].endswith(f'{made.identifier}.yaml"')
    text = response.content.decode()
    assert parse_framework(text, "export.yaml").items == made.tree.items
    # Importing the same file: the same instrument, unchanged.
    upload = SimpleUploadedFile("export.yaml", text.encode())
    response = client.post(
        reverse("surveys:instrument_import"), {"organisation": leksand.pk, "file": upload}
    )
    assert response.status_code == 302
    assert Framework.objects.filter(organisation=leksand).count() == 1


HOSTILE = {
    "python object": ("!!python/object/apply:os.system ['echo hej']\n", "inte giltig YAML"),
    "unknown key": (
        "schema: kompass-framework/1\nid: x\nversion: '1'\nname: X\nkind: survey\nhej: 1\n"
        "areas: [{code: A, name: A, items: [{code: q1, text: T, scale: {type: agreement, min: 1, max: 5}}]}]\n",
        "okänd nyckel ”hej”",
    ),
    "evaluation": (
        "schema: kompass-framework/1\nid: x\nversion: '1'\nname: X\nkind: evaluation\n"
        "areas: [{code: A, name: A, subareas: [{code: A1, name: A1, max: 5}]}]\n",
        "ska vara en enkät",
    ),
    "not a mapping": ("- a\n- b\n", "YAML-mappning"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_yaml_is_refused_in_swedish_and_nothing_is_stored(client_for, cast, leksand, case):
    text, message = HOSTILE[case]
    upload = SimpleUploadedFile("fil.yaml", text.encode())
    response = client_for(cast["editor"]).post(
        reverse("surveys:instrument_import"), {"organisation": leksand.pk, "file": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Framework.objects.filter(organisation=leksand).exists()


def test_a_file_that_is_not_utf8_is_refused(client_for, cast, leksand):
    upload = SimpleUploadedFile("fil.yaml", "name: Medarbetarenkät\n".encode("cp1252"))
    response = client_for(cast["editor"]).post(
        reverse("surveys:instrument_import"), {"organisation": leksand.pk, "file": upload}
    )
    assert response.status_code == 400 and "inte UTF-8-kodad" in response.content.decode()


@pytest.fixture
def answered(made, cast, leksand):
    """A survey of the made instrument with one answer in an open wave."""
    survey = create_survey(slug="egen", framework=made, user=cast["admin"])
    add_organisations(survey=survey, organisations=[leksand])
    today = timezone.localdate()
    wave = add_wave(survey=survey, code="2026-01", opens=today - datetime.timedelta(days=1))
    from django.test import Client

    link = ensure_links(survey=survey, wave=wave)[0]
    client = Client()
    client.get(reverse("surveys:answer", args=[link.token]))  # keeps the token in the session
    response = client.post(
        reverse("surveys:answer_form"),
        {
            "submission": SUBMISSION,
            "attr-role": "stöd",
            "q-q1": "5",
            "q-q2": "4",
            "action": "submit",
        },
    )
    assert response.status_code == 303
    return survey


KEPT = "q1 | Jag trivs på jobbet.\nq2 | Jag vet vad som förväntas av mig."


def test_changing_the_scale_of_an_instrument_in_use_makes_a_new_version(
    client_for, cast, made, answered
):
    client = client_for(cast["editor"])
    before = made.source_text
    response = client.post(
        reverse("surveys:instrument_edit", args=[made.identifier]),
        editor_post(
            steps="7",
            high="Instämmer helt",
            sections=(("Arbetsmiljö", KEPT, "q3 | Vad kan bli bättre?"),),
            codes=("T1",),
            initial=True,
        ),
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.source_text == before  # the version in use is untouched
    new = Framework.objects.get(family=made.family, version="2")
    assert new.tree.item("q1").scale.max == 7 and new.organisation == made.organisation
    answered.refresh_from_db()
    wave = Wave.objects.get(survey=answered)
    assert answered.framework == made and wave.framework == made
    assert "version 2" in client.get(response.url).content.decode()
    # The survey is analysed with the scale its answers were given on.
    close_wave(wave=wave)
    out = summary(survey_results(answered))
    assert {c["item"] for c in out["cells"]} >= {"q1", "q2"}
    assert Respondent.objects.filter(survey=answered).count() == 1


def test_changing_only_texts_keeps_the_version(client_for, cast, made, answered):
    response = client_for(cast["editor"]).post(
        reverse("surveys:instrument_edit", args=[made.identifier]),
        editor_post(
            sections=(
                (
                    "Arbetsmiljö och trivsel",
                    "q1 | Jag trivs bra på jobbet.\nq2 | Jag vet vad som förväntas av mig.",
                    "q3 | Vad kan bli bättre?",
                ),
            ),
            codes=("T1",),
            initial=True,
        ),
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.tree.item("q1").text == "Jag trivs bra på jobbet."
    assert Framework.objects.filter(family=made.family).count() == 1


def test_a_yaml_import_cannot_change_the_scale_of_an_instrument_in_use(
    client_for, cast, made, answered, leksand
):
    before = made.source_text
    data = yaml.safe_load(before)
    data["scales"]["skala"]["max"] = 3
    data["scales"]["skala"]["labels"] = {1: "Nej", 3: "Ja"}
    upload = SimpleUploadedFile("andrad.yaml", yaml.safe_dump(data, allow_unicode=True).encode())
    response = client_for(cast["editor"]).post(
        reverse("surveys:instrument_import"), {"organisation": leksand.pk, "file": upload}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.source_text == before
    new = Framework.objects.get(family=made.family, version="2")
    assert new.tree.item("q1").scale.max == 3
    assert Wave.objects.get(survey=answered).framework == made
    # Nor can the command line's loader (used for shipped files) overwrite it.
    from kompass.frameworks.domain.loading import load_framework_text
    from kompass.frameworks.schema import FrameworkError

    changed = yaml.safe_dump({**data, "id": made.identifier}, allow_unicode=True)
    with pytest.raises(FrameworkError):
        load_framework_text(changed, parse_framework(changed, "x"))


def test_an_instrument_in_use_cannot_be_deleted(client_for, cast, made, answered):
    client = client_for(cast["editor"])
    client.post(reverse("surveys:instrument_delete", args=[made.identifier]))
    assert Framework.objects.filter(pk=made.pk).exists()


def test_an_unused_instrument_can_be_deleted_by_its_editors_only(client_for, cast, made):
    url = reverse("surveys:instrument_delete", args=[made.identifier])
    assert client_for(cast["reader"]).post(url).status_code == 403
    assert client_for(cast["editor"]).post(url).status_code == 302
    assert not Framework.objects.filter(pk=made.pk).exists()


def test_preview_shows_the_real_answer_form(client_for, cast, made):
    html = (
        client_for(cast["reader"])
        .get(reverse("surveys:instrument_preview_form", args=[made.identifier]))
        .content.decode()
    )
    assert '<legend><span class="item-code">q1.</span> Jag trivs på jobbet.</legend>' in html
    assert "5 Stämmer helt" in html and "Vet ej" in html and "Vilken funktion har du?" in html
    assert 'method="post"' not in html.split('class="survey-form"')[1][:200]


def test_a_survey_of_an_own_instrument_has_its_page_before_any_answer(client_for, cast, made):
    create_survey(slug="ny-egen", framework=made, user=cast["admin"])
    response = client_for(cast["admin"]).get(reverse("surveys:detail", args=["ny-egen"]))
    assert response.status_code == 200  # the analysis of no answers at all is empty, not an error


def test_the_wave_page_names_the_version_its_questions_came_from(client_for, cast, made, answered):
    page = client_for(cast["admin"]).get(reverse("surveys:wave_edit", args=["egen", "2026-01"]))
    assert f"Medarbetarenkät, version 1 ({made.identifier})" in page.content.decode()


def test_a_yaml_bomb_is_refused_without_expanding_it(client_for, cast, leksand):
    bomb = (
        'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]\n'
        + "".join(f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 10)}]\n" for i in range(1, 9))
        + "schema: kompass-framework/1\nid: bomb\nversion: '1'\nname: B\nkind: survey\n"
        + "attributes: [{code: role, options: *a8}]\n"
        + "areas: [{code: A, name: *a8, items: [{code: q1, text: *a8}]}]\n"
    )
    upload = SimpleUploadedFile("bomb.yaml", bomb.encode())
    response = client_for(cast["editor"]).post(
        reverse("surveys:instrument_import"), {"organisation": leksand.pk, "file": upload}
    )
    assert response.status_code == 400
    assert "växer till fler än" in response.content.decode()  # the loader's own words
    assert not Framework.objects.filter(identifier="bomb").exists()


def test_a_new_instrument_never_takes_the_name_of_a_shipped_family(client_for, cast, leksand):
    data = editor_post(organisation=leksand, name="Ledarskapsutveckling")
    assert (
        client_for(cast["editor"]).post(reverse("surveys:instrument_create"), data).status_code
        == 302
    )
    own = Framework.objects.get(organisation=leksand)
    assert Framework.objects.filter(family=own.family).count() == 1
