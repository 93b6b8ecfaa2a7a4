"""`kompass setup`: migrate, load the municipality register and the shipped frameworks.
Safe to run again: nothing is duplicated, changed files are updated."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kompass.frameworks.domain.loading import load_shipped_frameworks
from kompass.frameworks.schema import FrameworkError
from kompass.organisations.domain.register import load_register


class Command(BaseCommand):
    help = "Migrerar databasen och läser in kommunregistret och de medföljande ramverken."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Databasen är migrerad.")
        created, updated = load_register()
        self.stdout.write(f"Kommunregistret: {created} nya, {updated} uppdaterade.")
        try:
            loaded = load_shipped_frameworks()
        except FrameworkError as exc:
            raise CommandError(str(exc)) from exc
        for framework, changed in loaded:
            state = "inläst" if changed else "oförändrat"
            self.stdout.write(f"Ramverk {framework.identifier}: {state}.")
