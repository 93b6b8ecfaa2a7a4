"""Errors in user input, as the web shows them. The mechanism itself (InputProblem,
InputError, the Problems collector) lives in `kompass.lib.problems`, free of Django; this
module adds what only a form needs."""

from kompass.lib.problems import InputError, InputProblem, Problems

__all__ = ["InputError", "InputProblem", "Problems", "add_to_form"]


def add_to_form(form, error: InputError) -> None:
    """Show an InputError's problems on the fields they name; the others above the form."""
    for problem in error.problems:
        if problem.field in form.fields:
            form.add_error(problem.field, problem.message)
        else:  # a field the form lacks is named by the message itself; keep file/row
            form.add_error(None, problem.message if problem.field else str(problem))
