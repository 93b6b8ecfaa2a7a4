"""`QuickSelect` writes the same drop-down list as Django's template-rendered one."""

import pytest
from django import forms

from kompass.core.fields import QuickSelect

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
