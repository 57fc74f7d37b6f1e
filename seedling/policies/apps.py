from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "seedling.policies"
    label = "policies"
    verbose_name = "省级政策参数"
