from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seedling.core"
    label = "core"
    verbose_name = "Seedling core"
