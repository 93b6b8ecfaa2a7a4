"""The `kompass` command: Django's management utility with Kompass' settings preselected.

Every Django command works through it (`kompass migrate`, `kompass runserver`), next to
the project's own (`kompass setup`, `kompass evaluation ...`, `kompass survey ...`).

Changes made by a command are recorded in the audit trail with who ran it:
`kompass --user NAME <command> ...` (or `KOMPASS_USER=NAME`) names the Kompass user;
without it, the operating-system account is used (see `kompass.audit.actor`). Servers
(`runserver`, `worker`) are not "the command line": their requests and jobs say who
they act for themselves.
"""

import os
import sys

SERVERS = {"runserver", "worker"}


def _take_user(argv: list[str]) -> tuple[list[str], str | None]:
    """Remove a leading `--user NAME` / `--user=NAME`; return the rest and the name."""
    if len(argv) > 1 and argv[1].startswith("--user="):
        return [argv[0], *argv[2:]], argv[1].split("=", 1)[1]
    if len(argv) > 2 and argv[1] == "--user":
        return [argv[0], *argv[3:]], argv[2]
    return argv, None


def _check_named_user() -> None:
    """Stop before anything runs when KOMPASS_USER names no active user."""
    if not os.environ.get("KOMPASS_USER", "").strip():
        return
    import django

    django.setup()
    from kompass.audit.actor import UnknownCommandLineUser, command_line_user

    try:
        command_line_user()
    except UnknownCommandLineUser as exc:
        sys.stderr.write(f"kompass: {exc}\n")
        raise SystemExit(2) from None


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompass.settings")
    from django.core.management import execute_from_command_line

    argv, named = _take_user(list(argv if argv is not None else sys.argv))
    command = argv[1] if len(argv) > 1 else ""
    if command in SERVERS:
        execute_from_command_line(argv)
        return
    previous = os.environ.get("KOMPASS_USER")
    if named is not None:
        os.environ["KOMPASS_USER"] = named
    try:
        _check_named_user()
        from kompass.audit.actor import command_line

        with command_line():
            execute_from_command_line(argv)
    finally:
        if named is not None:
            if previous is None:
                os.environ.pop("KOMPASS_USER", None)
            else:
                os.environ["KOMPASS_USER"] = previous


if __name__ == "__main__":
    main()
