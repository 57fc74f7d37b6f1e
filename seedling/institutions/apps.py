from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "seedling.institutions"
    label = "institutions"
    verbose_name = "关爱服务机构"
