"""The `kompass` command: Django's management utility with Kompass' settings preselected.

Every Django command works through it (`kompass migrate`, `kompass runserver`), next to
the project's own (`kompass setup`, `kompass evaluation ...`, `kompass survey ...`).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompass.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
