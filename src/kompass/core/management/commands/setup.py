"""`kompass setup`: migrate, then run the set-up steps the apps register (the municipality
register, the shipped frameworks ...). Safe to run again: nothing is duplicated, changed
files are updated."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kompass.core.setup import setup_steps


class Command(BaseCommand):
    help = "Migrerar databasen och läser in kommunregistret och de medföljande ramverken."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Databasen är migrerad.")
        for step in setup_steps():
            step.run(self.stdout)
