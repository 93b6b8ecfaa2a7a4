"""Who acts when a domain function is called without a signed-in user.

Views pass `request.user`, so web and API changes name their user. The command line
passes no user (it is trusted like an administrator); the trail still names who ran it:

A domain function called during a web or API request without a user records the
signed-in user (`kompass.audit.middleware`).

1. `kompass --user NAME ...` or the environment variable `KOMPASS_USER=NAME`: the
   Kompass user with that user name (it must exist and be active, or the command stops
   before it does anything);
2. otherwise the operating-system account that ran the command, mapped to the Kompass
   user with the same user name when there is one;
3. otherwise the entry says "kommandoraden (<os account>)" without a user.

Scheduled work (the retention job) acts as `acting_as("systemet (...)")`; outside the
command line and without a context, the actor is "systemet".
"""

from __future__ import annotations

import contextlib
import getpass
import os
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

ENV_USER = "KOMPASS_USER"


@dataclass(frozen=True)
class Actor:
    user: Any  # a saved user, or None
    who: str
    via: str  # AuditEntry.Via: "user", "cli", "system"


_context: ContextVar[Actor | None] = ContextVar("kompass_audit_actor", default=None)
# The request being answered (`kompass.audit.middleware`): a change made without a user
# during a request is the signed-in user's (read when the change is recorded, so an API
# key's user, set inside the view, counts too).
_request: ContextVar[Any] = ContextVar("kompass_audit_request", default=None)
_command_line: ContextVar[bool] = ContextVar("kompass_command_line", default=False)


class UnknownCommandLineUser(LookupError):
    """KOMPASS_USER (or --user) names no active user."""


def describe(user) -> str:
    """How the trail names a user: "Ulla Utvärderare (utvarderare)"."""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.username})" if full else user.username


@contextlib.contextmanager
def acting_as(who: str, *, user=None, via: str = "system"):
    """Run the block with `who` as the actor of changes made without a user."""
    token = _context.set(Actor(user, who, via))
    try:
        yield
    finally:
        _context.reset(token)


@contextlib.contextmanager
def during_request(request):
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


@contextlib.contextmanager
def command_line():
    """Mark the block as the command line (`kompass.cli.main` runs every command in it)."""
    token = _command_line.set(True)
    try:
        yield
    finally:
        _command_line.reset(token)


def os_account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container)
        return str(os.getuid()) if hasattr(os, "getuid") else "okänd"


def command_line_user():
    """The Kompass user the command line acts as, or None; raises
    UnknownCommandLineUser when KOMPASS_USER names nobody."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    named = os.environ.get(ENV_USER, "").strip()
    if named:
        user = users.filter(username=named, is_active=True).first()
        if user is None:
            raise UnknownCommandLineUser(
                f"{ENV_USER}={named}: det finns ingen aktiv användare med det användarnamnet"
            )
        return user
    return users.filter(username=os_account(), is_active=True).first()


def current(user=None) -> Actor:
    """The actor of a change made by `user` (a signed-in user) or, without one, by the
    context: an explicit `acting_as`, the command line, or the system."""
    if user is not None and getattr(user, "pk", None) is not None and user.is_authenticated:
        return Actor(user, describe(user), "user")
    context = _context.get()
    if context is not None:
        return context
    request = _request.get()
    signed_in = getattr(request, "user", None) if request is not None else None
    if signed_in is not None and getattr(signed_in, "pk", None) and signed_in.is_authenticated:
        return Actor(signed_in, describe(signed_in), "user")
    if _command_line.get():
        person = command_line_user()
        if person is not None:
            return Actor(person, describe(person), "cli")
        return Actor(None, f"kommandoraden ({os_account()})", "cli")
    return Actor(None, "systemet", "system")
