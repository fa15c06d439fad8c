"""The `commun` command: Django's management commands, plus `demo` and `bench`."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commun.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        # The local demo serves static files straight from the source tree, with no collectstatic.
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
