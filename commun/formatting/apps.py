from django.apps import AppConfig
from django.db.backends.signals import connection_created


class FormattingConfig(AppConfig):
    name = "commun.formatting"
    verbose_name = "Formatting"

    def ready(self):
        from commun.formatting.sorting import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
