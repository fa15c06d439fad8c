from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "commun.worker"
    label = "commun_worker"
