from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "commun.demo"
    label = "demo"
    verbose_name = "Demo"
