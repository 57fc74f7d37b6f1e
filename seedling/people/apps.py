from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "seedling.people"
    label = "people"
    verbose_name = "个人档案"
