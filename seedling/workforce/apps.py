from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "seedling.workforce"
    label = "workforce"
    verbose_name = "儿童工作队伍"
