"""Migrated test databases from a template, so each test process does not run every
migration again.

Migrating an empty database costs each test process about 8 seconds of CPU (Django builds
the model state of some 90 migrations), and `make test` starts four such processes. The
first process to migrate saves the result as a template named by a hash of every migration
file of the installed apps (and Django's version); the other processes, and later runs,
start from a copy of it. `migrate` still runs on the copy and finds nothing to apply, so a
stale template can only cost time, never a wrong schema: a new or changed migration file
gives a new name, and a template whose name is not current is removed.

- SQLite (the in-memory test database): the template is a file in
  `KOMPASS_DATA_DIR/test-templates/`, copied in with SQLite's backup API.
- PostgreSQL: the template is a database `<NAME>_tpl_<hash>` that `CREATE DATABASE ...
  TEMPLATE` copies (Django's TEST["TEMPLATE"] setting).

A lock file makes the processes of one run wait for the first one's template instead of
all migrating at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import os
import sqlite3
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader


def migrations_hash(vendor: str) -> str:
    digest = hashlib.sha256(f"{django.get_version()} {vendor}".encode())
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        module_name, _ = MigrationLoader.migrations_module(app.label)
        if module_name is None:
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for path in sorted(Path(p) for d in module.__path__ for p in Path(d).glob("*.py")):
            digest.update(f"{app.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _directory() -> Path:
    directory = Path(settings.DATA_DIR) / "test-templates"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@contextlib.contextmanager
def _locked(name: str):
    with open(_directory() / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class _SqliteTemplate:
    def __init__(self, connection, key):
        self.connection = connection
        self.path = _directory() / f"sqlite-{key}.sqlite3"

    def exists(self) -> bool:
        return self.path.exists()

    def before_create(self) -> None:
        pass

    def restore(self) -> None:
        self.connection.ensure_connection()
        source = sqlite3.connect(self.path)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()

    def save(self) -> None:
        self.connection.ensure_connection()
        partial = self.path.with_suffix(f".{os.getpid()}.partial")
        target = sqlite3.connect(partial)
        try:
            self.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, self.path)
        for old in self.path.parent.glob("sqlite-*.sqlite3"):
            if old != self.path:
                old.unlink(missing_ok=True)

    def after(self) -> None:
        pass


class _PostgresTemplate:
    def __init__(self, connection, key):
        self.connection = connection
        self.prefix = f"{settings.DATABASES[connection.alias]['NAME']}_tpl_"
        self.name = f"{self.prefix}{key}"
        self.test_settings = connection.settings_dict["TEST"]
        self.template_before = self.test_settings.get("TEMPLATE")

    def _databases(self) -> list[str]:
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [self.prefix.replace("_", r"\_") + "%"],
            )
            return [row[0] for row in cursor.fetchall()]

    def exists(self) -> bool:
        return self.name in self._databases()

    def before_create(self) -> None:
        self.test_settings["TEMPLATE"] = self.name

    def restore(self) -> None:
        pass  # CREATE DATABASE ... TEMPLATE has copied it

    def save(self) -> None:
        test_name = self.connection.settings_dict["NAME"]
        partial = f"{self.name}_{os.getpid()}"
        quote = self.connection.ops.quote_name
        self.connection.close()
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {quote(partial)} TEMPLATE {quote(test_name)}")
            try:
                cursor.execute(f"ALTER DATABASE {quote(partial)} RENAME TO {quote(self.name)}")
            except DatabaseError:  # another process was first
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(partial)}")
        for old in self._databases():
            if old != self.name:
                with self.connection._nodb_cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)}")

    def after(self) -> None:
        if self.template_before is None:
            self.test_settings.pop("TEMPLATE", None)
        else:
            self.test_settings["TEMPLATE"] = self.template_before


_KINDS = {"sqlite": _SqliteTemplate, "postgresql": _PostgresTemplate}


def _from_template(connection, create_test_db):
    kind = _KINDS.get(connection.vendor)
    if kind is None:
        return create_test_db

    def create(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        key = migrations_hash(connection.vendor)
        template = kind(connection, key)
        from django.core import management

        call_command = management.call_command

        def migrate_on_the_copy(name, *args, **kwargs):
            if name == "migrate" and have:
                template.restore()
            return call_command(name, *args, **kwargs)

        with _locked(f"{connection.vendor}-{key}"):
            have = not keepdb and template.exists()
            if have:
                template.before_create()
            management.call_command = migrate_on_the_copy
            try:
                name = create_test_db(verbosity, autoclobber, serialize, keepdb)
            finally:
                management.call_command = call_command
                template.after()
            if not have and not keepdb:
                template.save()
        return name

    return create


def install() -> None:
    """Make each database's test creation start from the template (see the docstring)."""
    for connection in connections.all():
        creation = connection.creation
        creation.create_test_db = _from_template(connection, creation.create_test_db)
