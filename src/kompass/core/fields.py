"""Form fields over the input toolkit (`kompass.lib`), so a number typed in a form passes
the same check as one in a file or an API body."""

from django import forms
from django.core.exceptions import ValidationError

from kompass.lib.numbers import NumberError, parse_number


class NumberField(forms.CharField):
    """A number written the Swedish way or the English way ("1 234,5", "1234.5"), checked
    by `kompass.lib.numbers.check_number` (finite, at most 10^12 either way).

    The cleaned value is the text as typed (stripped), or "" when empty: the domain
    functions read the same text from files and the API, so they keep one reader; the
    field only makes sure a form never passes on what they would refuse."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return text
        written = text.strip().removesuffix("%").strip()
        try:
            parse_number(written)
        except NumberError as exc:
            raise ValidationError(str(exc), code="number") from None
        return text
