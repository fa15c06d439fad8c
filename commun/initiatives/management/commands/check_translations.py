from django.core.management.base import BaseCommand, CommandError

from commun.translations import extract_strings, missing_translations, stale_compiled_catalogue


class Command(BaseCommand):
    help = (
        "Fail when an interface string has no French translation or the catalogue is not compiled."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="Check the catalogue as it is, without extracting strings from the code first.",
        )

    def handle(self, *args, no_extract, **options):
        if not no_extract:
            extract_strings()
        problems = missing_translations() + stale_compiled_catalogue()
        if problems:
            raise CommandError(
                f"{len(problems)} translation problem(s):\n" + "\n".join(f"  {p}" for p in problems)
            )
        self.stdout.write(self.style.SUCCESS("Every interface string has its French translation."))
