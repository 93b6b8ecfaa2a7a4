from django import forms
from django.utils.translation import gettext_lazy as _

from kompass.audit.models import AuditEntry


class TrailFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Slag"), required=False)
    user = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label=_("Händelse"), required=False)
    since = forms.DateField(
        label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, kinds, people):
        super().__init__(data)
        everything = [("", _("Alla"))]
        self.fields["kind"].choices = everything + list(kinds)
        self.fields["user"].choices = everything + [(str(pk), who) for pk, who in people]
        self.fields["action"].choices = everything + list(AuditEntry.Action.choices)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("Slutdatumet ligger före startdatumet."))
        return cleaned
