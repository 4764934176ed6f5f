"""InvenTree's OAuth authorization server, as InvenTree sets it up, on the test database.

django-oauth-toolkit (DOT) under `/o/`, with InvenTree's settings (`OAUTH2_PROVIDER`: its
scopes, OIDC on, PKCE optional, DOT's default lifetimes), Django's session login, and
InvenTree's catch-all redirect for every other path. Its models read and write the database's
own `oauth2_provider_*`, `auth_user` and `django_session` tables: no migrations run, the
schema is InvenTree's (see `check_tables`).
"""

import secrets
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from django.conf import settings

# InvenTree's scopes (users/oauth2_scopes.py): general, administrative, and one per action and
# role. Its role list predates `bom` and `transfer_order`.
ROLES = [
    "admin",
    "part_category",
    "part",
    "stocktake",
    "stock_location",
    "stock",
    "build",
    "purchase_order",
    "sales_order",
    "return_order",
]
SCOPES = {
    "g:read": "General Read scope",
    "openid": "OpenID Connect scope",
    "a:staff": "User Role Staff",
    "a:superuser": "User Role Superuser",
}
for role in ROLES:
    for action in ["view", "add", "change", "delete"]:
        SCOPES[f"r:{action}:{role}"] = f"{action} {role}"


def rsa_private_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def configure(database: dict, templates: str) -> None:
    """Django settings: what InvenTree's settings.py sets for this path, and nothing more."""
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        USE_TZ=True,
        TIME_ZONE="UTC",
        ROOT_URLCONF=__name__,
        DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", **database}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oauth2_provider",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [templates],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                    ]
                },
            }
        ],
        LOGIN_URL="/accounts/login/",
        OAUTH2_PROVIDER={
            "SCOPES": SCOPES,
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": rsa_private_key(),
            "PKCE_REQUIRED": False,
        },
    )
    django.setup()


def check_tables() -> None:
    """DOT's and Django's models against the database's columns: the models must write
    exactly InvenTree's tables, or the test would prove nothing."""
    from django.apps import apps
    from django.db import connection

    models = [
        apps.get_model("oauth2_provider", name)
        for name in ["Application", "AccessToken", "RefreshToken", "IDToken", "Grant"]
    ] + [apps.get_model("auth", "User"), apps.get_model("sessions", "Session")]
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                [table],
            )
            columns = {row[0] for row in cursor.fetchall()}
            fields = {f.column for f in model._meta.concrete_fields}
            if columns != fields:
                raise SystemExit(
                    f"{table}: the model's columns {sorted(fields)} differ from the "
                    f"database's {sorted(columns)}"
                )


def urls():
    from django.contrib.auth import views as auth_views
    from django.http import HttpResponse
    from django.urls import include, path, re_path
    from django.views.generic import RedirectView

    def frontend(request):
        return HttpResponse("<!doctype html><title>InvenTree</title><div id=root></div>")

    return [
        path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
        path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
        path("web/", frontend),
        # Every other path goes to InvenTree's web frontend, `/.well-known/...` included.
        re_path(r"^.*$", RedirectView.as_view(url="/web/", permanent=False)),
    ]


def __getattr__(name):
    # ROOT_URLCONF is this module; Django reads `urlpatterns` once settings are configured.
    if name == "urlpatterns":
        return urls()
    raise AttributeError(name)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def serve() -> tuple[str, WSGIServer]:
    """Serves on a free loopback port in a background thread; returns its origin."""
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server
