"""`kompass demo`: load the demo data the apps register (after `kompass setup`). Safe to
run again."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from kompass.core.setup import demo_loaders


class Command(BaseCommand):
    help = "Läser in demodata: Leksand 2023 ur SKR:s rapport och märkt exempeldata."

    def add_arguments(self, parser):
        parser.add_argument("--skip-setup", action="store_true", help="kör inte setup först")

    def handle(self, *args, **options):
        if not options["skip_setup"]:
            call_command("setup", stdout=self.stdout)
        for _name, load in demo_loaders():
            with transaction.atomic():
                load(self.stdout)
