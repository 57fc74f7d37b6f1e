from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seedling.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        # Auth events (login, logout, failure) go to the audit log; Django only reports them by signal.
        from seedling.accounts import auth_events  # noqa: F401
