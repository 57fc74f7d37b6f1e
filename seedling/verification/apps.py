from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "seedling.verification"
    label = "verification"
    verbose_name = "核实与抽查"
