"""`QuickSelect` and `QuickRadioSelect` write the same HTML as Django's template-rendered
widgets."""

import pytest
from django import forms

from kompass.core.fields import QuickRadioSelect, QuickSelect

CHOICES = [
    ("", "Ingen"),
    (1, 'Nöjda "brukare" & <personal>'),
    (2, "Sjukfrånvaro"),
    ("Område", [("a", "Styrning"), ("b", "Ledarskap")]),
]


@pytest.mark.parametrize("value", ["", "2", "b", None, "okänd"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_x", "aria-describedby": "x_helptext", "required": True}]
)
def test_the_same_html_as_djangos_select(value, attrs):
    quick = QuickSelect(choices=CHOICES).render("cause_1_ev1_finding", value, attrs)
    django = forms.Select(choices=CHOICES).render("cause_1_ev1_finding", value, attrs)
    assert quick == django
    assert "&lt;personal&gt;" in quick and "&quot;brukare&quot;" in quick


def test_a_bound_field_keeps_its_choice_and_label():
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES[:3], widget=QuickSelect, required=False)

    html = str(Form({"pick": "2"})["pick"])
    assert '<option value="2" selected>Sjukfrånvaro</option>' in html
    assert html.startswith('<select name="pick" id="id_pick">')


@pytest.mark.parametrize("value", ["", "2", "b", None, "okänd"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_a_1", "class": "scale"}, {"required": True}])
def test_the_same_radio_buttons_as_djangos(value, attrs):
    quick = QuickRadioSelect(choices=CHOICES).render("a_1", value, attrs)
    django = forms.RadioSelect(choices=CHOICES).render("a_1", value, attrs)
    assert quick == django
    assert "&lt;personal&gt;" in quick


def test_bound_radio_buttons_keep_their_labels_and_choice():
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES[1:3], widget=QuickRadioSelect)

    quick = str(Form({"pick": "2"})["pick"])

    class Plain(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES[1:3], widget=forms.RadioSelect)

    assert quick == str(Plain({"pick": "2"})["pick"])
    assert '<label for="id_pick_1"><input type="radio" name="pick" value="2"' in quick
    assert "checked" in quick
