from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "seedling.exchange"
    label = "exchange"
    default_auto_field = "django.db.models.BigAutoField"
