from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "seedling.demo"
    label = "demo"
    verbose_name = "演示数据"
