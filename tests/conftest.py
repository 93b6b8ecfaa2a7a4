"""Shared fixtures: the municipality register and frameworks, and the cast of users.

The cast matches the permission matrix: administrator, evaluator, owner, editor and
reader of an organisation, an outsider (member of another organisation) and anonymous.
"""

import importlib.abc
import importlib.util
import os
import sys

import pytest
from django.conf import settings

from kompass.accounts.models import Membership, User
from kompass.frameworks.domain.loading import load_shipped_frameworks
from kompass.frameworks.models import Framework
from kompass.organisations.domain.register import load_register
from kompass.organisations.models import Organisation

PASSWORD = "test-lösenord-123"


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise indexes every static file (some 140, with their headers) when its
    # middleware is built, and each test client builds the middleware again: about 25 ms
    # a client, thousands of times in a run. Looking a file up when it is asked for (its
    # development mode) serves the same files to the browser tests.
    settings.WHITENOISE_AUTOREFRESH = True
    _guard_the_fast_lane()
    config.pluginmanager.register(_SlowestFirst(), "kompass-slowest-first")


# -- Lanes ----------------------------------------------------------------------------
# `make test-fast` leaves out tests marked pdf, subprocess, browser or slow. So that the
# fast lane stays fast, a test (its fixtures included) that renders a PDF or DOCX, or
# starts a Python process, without the matching marker fails with a message saying so.

_running: list[pytest.Item] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()
        if nextitem is not None and _empties_the_database(item):
            _restore_after_flush(item)


# The PostgreSQL run of `make test` takes only the tests that use the test database (`-m
# database`): a test without it does the same on any database and has run on SQLite.
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("django_db") or _DATABASE_FIXTURES.intersection(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.database)


class _SlowestFirst:
    """Modules with slow tests first, then the browser's, then those that render documents
    or start processes, then the rest, each module's tests in their own order. xdist hands
    tests out in this order as workers free up, so the long ones start at once instead of
    leaving one worker busy alone at the end of the run. Runs last, after pytest-django's
    own ordering by kind of database use (a test that empties the database gets the base
    data back: `_restore_after_flush`)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        _slowest_first(items)


def _slowest_first(items: list[pytest.Item]) -> None:
    def tier(item: pytest.Item) -> int:
        if item.get_closest_marker("slow"):
            return 0
        if item.nodeid.startswith("tests/browser/"):
            return 1
        if item.get_closest_marker("pdf") or item.get_closest_marker("subprocess"):
            return 2
        return 3

    module_tier: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        module_tier[module] = min(module_tier.get(module, 3), tier(item))
    items.sort(key=lambda item: module_tier[item.nodeid.split("::")[0]])


def _require_marker(marker: str, what: str) -> None:
    if not _running:
        return
    item = _running[-1]
    if item.get_closest_marker(marker) is None and item.get_closest_marker("browser") is None:
        raise RuntimeError(
            f"{item.nodeid} {what} but is not marked @pytest.mark.{marker}: mark it (it then "
            "runs in make test, not make test-fast), or test the cheaper path (e.g. the HTML "
            "variant of a report)"
        )


def _guarded(method, marker: str, what: str):
    def guarded(*args, **kwargs):
        _require_marker(marker, what)
        return method(*args, **kwargs)

    return guarded


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls `hooks[name](module)` right after module `name` is first imported, so the
    guards cost nothing in runs that never load WeasyPrint or python-docx."""

    def __init__(self, hooks):
        self.hooks = hooks

    def find_spec(self, name, path, target=None):
        if name not in self.hooks:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        exec_module, hook = spec.loader.exec_module, self.hooks[name]

        def exec_and_hook(module):
            exec_module(module)
            hook(module)

        spec.loader.exec_module = exec_and_hook
        return spec


def _guard_pdf(module):
    module.HTML.write_pdf = _guarded(module.HTML.write_pdf, "pdf", "renders a PDF")


def _guard_docx(module):
    module.Document.save = _guarded(module.Document.save, "pdf", "writes a DOCX file")


def _audit(event: str, args) -> None:
    if event == "subprocess.Popen":
        executable, argv = args[0], args[1]
        if executable is None:
            executable = argv.split()[0] if isinstance(argv, str) else (argv or [""])[0]
        program = os.fsdecode(executable)
        if os.path.basename(program).startswith("python") or program.startswith(sys.prefix):
            _require_marker("subprocess", f"starts a process ({program})")


def _guard_the_fast_lane() -> None:
    sys.meta_path.insert(0, _AfterImport({"weasyprint": _guard_pdf, "docx.document": _guard_docx}))
    sys.addaudithook(_audit)


# -- Base data ------------------------------------------------------------------------
# Loaded once per test database; the rows it adds are kept (as model instances) so that
# after a transactional test has emptied every table they are written back in a few
# milliseconds instead of being read from the register and framework files again.

_base_rows: list[tuple[type, list]] = []


def _load_base_data() -> None:
    if _base_rows and not Organisation.objects.exists() and not Framework.objects.exists():
        _restore_base_rows()
        return
    if not Organisation.objects.filter(code="2029").exists():
        load_register()
    if not Framework.objects.exists():
        load_shipped_frameworks()


def _tables_with_rows() -> list[type]:
    from django.apps import apps

    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._base_manager.exists()
    ]


def _keep_base_rows(before: list[type]) -> None:
    _base_rows[:] = [
        (model, list(model._base_manager.order_by("pk")))
        for model in _tables_with_rows()
        if model not in before
    ]


def _restore_base_rows() -> None:
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic():
        for model, rows in _base_rows:
            model._base_manager.bulk_create(rows)
        statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in _base_rows])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _empties_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


def _restore_after_flush(item) -> None:
    """Tests on a transactional database (the browser's live server, the worker) end by
    emptying every table; the base data is written back for the tests after them."""
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        _load_base_data()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Test databases start from a migrated template (tests/dbtemplate.py)."""
    from tests import dbtemplate

    dbtemplate.install()


def _test_database_made(session) -> bool:
    """Whether pytest-django made the test database: it does when a collected test uses
    it (the `database` marker, set above by the same rule), else the connection still
    points at the installation's own database, which nothing here may write to."""
    return any(item.get_closest_marker("database") for item in session.items)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The municipality register and the shipped frameworks, loaded once into each test
    database: every test starts from them and its own changes are rolled back."""
    if not _test_database_made(request.session):
        return
    with django_db_blocker.unblock():
        before = _tables_with_rows()
        _load_base_data()
        _keep_base_rows(before)


@pytest.fixture(autouse=True)
def _swedish_first():
    """Every test starts in the default language: a request in English leaves English
    active in its thread (LocaleMiddleware), which would leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def base_data(db):
    """The municipality register and the shipped frameworks (see django_db_setup)."""
    _load_base_data()


@pytest.fixture
def empty_database(db):
    """No register and no frameworks: for the tests of loading them."""
    Organisation.objects.all().delete()
    Framework.objects.all().delete()


@pytest.fixture
def leksand(base_data):
    return Organisation.objects.get(code="2029")


@pytest.fixture
def rattvik(base_data):
    return Organisation.objects.get(code="2031")


@pytest.fixture
def kk2020(base_data):
    return Framework.objects.get(identifier="kommunkompassen-2020")


def make_user(username, *, superuser=False, evaluator=False, organisation=None, role=None):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.title(),
        is_superuser=superuser,
        is_staff=superuser,
        is_evaluator=evaluator,
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def cast(leksand, rattvik):
    """Users by role, relative to Leksand."""
    return {
        "admin": make_user("admin", superuser=True),
        "evaluator": make_user("utvarderare", evaluator=True),
        "owner": make_user("agare", organisation=leksand, role=Membership.Role.OWNER),
        "editor": make_user("redigerare", organisation=leksand, role=Membership.Role.EDITOR),
        "reader": make_user("lasare", organisation=leksand, role=Membership.Role.READER),
        "outsider": make_user("utomstaende", organisation=rattvik, role=Membership.Role.EDITOR),
        "other_evaluator": make_user("annan_utvarderare", evaluator=True),
    }


@pytest.fixture
def client_for(client):
    """`client_for(user)` logs the test client in as `user` (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def draft(kk2020, leksand, cast):
    """A draft evaluation of Leksand assigned to the evaluator of the cast."""
    import datetime

    from kompass.evaluations.models import Evaluation

    evaluation = Evaluation.objects.create(
        organisation=leksand, framework=kk2020, date=datetime.date(2026, 10, 1)
    )
    evaluation.evaluators.add(cast["evaluator"])
    return evaluation


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django's mail goes to (tests/mailserver.py)."""
    from tests.mailserver import SmtpServer

    server = SmtpServer().start()
    server.use(settings)
    yield server
    server.stop()


@pytest.fixture
def set_up_data_dir(request, tmp_path, django_db_setup):
    """A data directory for a `kompass` child process, its database already what `kompass
    setup` leaves (every migration, the register and the shipped frameworks): on SQLite,
    a copy of this process's test database written by SQLite's VACUUM INTO, a few
    milliseconds where a child's own `setup` costs some 9 s of CPU. On another database,
    or in a run with no test database, the child runs `kompass setup` itself. (`setup` in
    a fresh directory is tested in tests/core/test_setup.py.)"""
    import sqlite3
    import subprocess
    from pathlib import Path

    from django.db import connection

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if connection.vendor == "sqlite" and _test_database_made(request.session):
        # A connection of its own (the test's may be inside its transaction, where SQLite
        # cannot VACUUM): it sees the committed database, the state every test starts from.
        name = connection.settings_dict["NAME"]
        source = sqlite3.connect(name, uri=name.startswith("file:"))
        try:
            source.execute("VACUUM INTO ?", [str(data_dir / "kompass.sqlite3")])
        finally:
            source.close()
        return data_dir
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOMPASS_DATA_DIR"] = str(data_dir)
    kompass = Path(sys.executable).parent / "kompass"
    subprocess.run([str(kompass), "setup"], env=env, check=True, capture_output=True)
    return data_dir
