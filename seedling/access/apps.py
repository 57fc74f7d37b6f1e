from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "seedling.access"
    label = "access"
    verbose_name = "访问范围"
