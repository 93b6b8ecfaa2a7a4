"""Form fields over the input toolkit (`kompass.lib`), so a number typed in a form passes
the same check as one in a file or an API body; and a quicker drop-down list widget."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


def _attributes(attrs: dict) -> str:
    """Attributes as Django's `attrs.html` writes them: `True` bare, `False` left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A drop-down list written in Python instead of one template include per option,
    to the same HTML as Django's `select.html`. A form with many long lists (the cause
    analysis has 18 evidence rows, each with a list of the organisation's findings and
    one of its indicators) spent most of its page time including the option template a
    thousand times; this writes the same markup in a hundredth of the time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{escape(option["value"])}"'
                    f"{_attributes(option['attrs'])}>{escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above is escaped


class QuickRadioSelect(forms.RadioSelect):
    """Radio buttons written in Python, to the same HTML as Django's `radio.html`, for
    the same reason as `QuickSelect`: a leadership assessment asks some forty questions
    of several options each, and each option took four template includes."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        own = widget["attrs"]
        parts = ["<div"]
        if own.get("id"):
            parts.append(f' id="{escape(own["id"])}"')
        if own.get("class"):
            parts.append(f' class="{escape(own["class"])}"')
        parts.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f"\n  <div><label>{escape(group_name)}</label>")
            for option in options:
                parts.append("<div>\n    ")
                label_for = option["attrs"].get("id")
                if option["wrap_label"]:
                    parts.append(f'<label for="{escape(label_for)}">' if label_for else "<label>")
                value_attr = (
                    f' value="{escape(option["value"])}"' if option["value"] is not None else ""
                )
                parts.append(
                    f'<input type="{escape(option["type"])}" name="{escape(option["name"])}"'
                    f"{value_attr}{_attributes(option['attrs'])}>\n"
                )
                if option["wrap_label"]:
                    parts.append(f" {escape(option['label'])}</label>")
                parts.append("\n\n</div>")  # the ends of Django's two option templates
            if group_name:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # every value above is escaped
