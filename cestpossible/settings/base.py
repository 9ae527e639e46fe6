"""Settings shared by every environment.

Safe by default: DEBUG is off, no secret lives here, and optional services
(PostgreSQL, the search node, Redis, SMTP) switch on when their environment
variable is set. `dev`, `test` and `production` build on this module.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from search.analysis import INDEX_SETTINGS

from .env import env_bool, env_int, env_list, env_str, task_backend_path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")  # required by production.py; dev and test set their own
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "ninja",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    # Project apps: after Wagtail's, so that their ready() runs once Wagtail's
    # signal handlers are connected (initiatives replaces its workflow emails).
    # Template overrides live in the top-level templates/ folder, searched first.
    "accounts",
    "core",
    "home",
    "initiatives",
    "ressources",
    "search",
    "figures",
    "publications",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the shared cache (core.page_cache): before the
    # session and CSRF middleware, so that a hit costs no session or database access.
    "core.page_cache.FullPageCacheMiddleware",
    # The request's Wagtail site and home page, kept per process (core.site_cache).
    "core.site_cache.SiteMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.middleware.APIHTTPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "initiatives.middleware.ComiteOnlyAdminAreasMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cestpossible.urls"
WSGI_APPLICATION = "cestpossible.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:password@host:port/name), else an SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server and the task worker write side by side: WAL, immediate
    # transactions and a lock timeout keep SQLite from "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The user model logs in with an email address (see accounts.models.User).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache shared by every process: Redis when REDIS_URL is set, else the database.
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "cestpossible")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Redis down: reads miss and writes are dropped (logged), pages are made
            # from the database; /sante/ answers 503 so the outage is seen.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cestpossible_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        # Wagtail looks renditions up for every image it shows: in the database
        # cache that is a query (and a write) per image, so without Redis they
        # are cached in each process's memory.
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cestpossible-renditions",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# Full-page cache of anonymous public pages (core.page_cache), invalidated on
# publish, unpublish, move and delete (core.cache_invalidation); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Cache-Control s-maxage for a CDN in front of the site (purged on publish when
# WAGTAILFRONTENDCACHE is configured); 0: browsers and CDNs revalidate.
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 0)
# Key figures (figures.key_figures.current) are recomputed at most this often, and
# after any change to the public content.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 300)
# Browsing without words (the listing's filters) through the search service, and
# counts of public listings (core.counts): same rule.
SEARCH_BROWSE_CACHE_SECONDS = env_int("SEARCH_BROWSE_CACHE_SECONDS", 300)
COUNT_CACHE_SECONDS = env_int("COUNT_CACHE_SECONDS", 300)
# Sessions in the shared cache, written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Audience counting (figures.counting): without Redis, the visitor hashes and the
# day's salt live in each process's memory, never in the database cache.
CACHES["audience"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "cestpossible-audience",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
AUDIENCE_ENABLED = env_bool("AUDIENCE_ENABLED", True)
AUDIENCE_DEDUP_SECONDS = env_int("AUDIENCE_DEDUP_SECONDS", 30 * 60)
AUDIENCE_RATE_WINDOW = env_int("AUDIENCE_RATE_WINDOW", 10 * 60)
AUDIENCE_RATE_PER_CLIENT = env_int("AUDIENCE_RATE_PER_CLIENT", 60)
AUDIENCE_RATE_PER_PAGE = env_int("AUDIENCE_RATE_PER_PAGE", 300)
AUDIENCE_RETENTION_DAYS = env_int("AUDIENCE_RETENTION_DAYS", 760)  # 25 months (CNIL)
AUDIENCE_FLUSH_INTERVAL = env_int("AUDIENCE_FLUSH_INTERVAL", 60)
# Publications (publications.views): a PDF of at most this many sheets is made
# during the download request when missing; larger ones in the background only.
PUBLICATION_SYNC_MAX_SHEETS = env_int("PUBLICATION_SYNC_MAX_SHEETS", 12)
# Reverse proxies in front of the application that append to X-Forwarded-For
# (0: the client is REMOTE_ADDR).
AUDIENCE_TRUSTED_PROXIES = env_int("AUDIENCE_TRUSTED_PROXIES", 0)

# Background work: django-tasks. "immediate" runs tasks in the calling process;
# "database" queues them for the worker (`manage.py db_worker`).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": task_backend_path(TASKS_BACKEND)}}

# Internationalisation: French first.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static and media files. Static files are served by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "C'est possible <ne-pas-repondre@cestpossible.me>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth): email login, mandatory confirmation, rate limits on
# the shared cache, no user enumeration. The admin's login goes through allauth.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[C'est possible] "
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": "20/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/180s/key",
}
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False  # an address changes through allauth, reconfirmed
WAGTAILUSERS_PASSWORD_ENABLED = True

# Wagtail
WAGTAIL_SITE_NAME = "C'est possible"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

# Search: Wagtail's database backend unless ELASTICSEARCH_URL names a node.
# SEARCH_ENGINE picks the client and Wagtail backend for that node:
#   "opensearch" (default): Wagtail's opensearch3 backend on opensearch-py 3,
#       which talks to OpenSearch 2.x and 3.x nodes;
#   "elasticsearch": Wagtail's elasticsearch9 backend on the official client 9.
# Wagtail's backend names are accepted too (they follow the client's major version).
# Every engine reads the same analysis settings (search.analysis.INDEX_SETTINGS).
SEARCH_BACKENDS_BY_ENGINE = {
    "opensearch": "wagtail.search.backends.opensearch3",
    "elasticsearch": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
}
# Wagtail's database backend; on PostgreSQL it uses the French text search configuration.
DATABASE_SEARCH_BACKEND = {"BACKEND": "wagtail.search.backends.database"}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASE_SEARCH_BACKEND["SEARCH_CONFIG"] = "french"
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "opensearch")
# Seconds a public search waits for the node before answering from the database.
SEARCH_QUERY_TIMEOUT = float(env_str("SEARCH_QUERY_TIMEOUT", "1.0"))
if ELASTICSEARCH_URL:
    if SEARCH_ENGINE not in SEARCH_BACKENDS_BY_ENGINE:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE must be one of {sorted(SEARCH_BACKENDS_BY_ENGINE)}, "
            f"not {SEARCH_ENGINE!r}."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_BACKENDS_BY_ENGINE[SEARCH_ENGINE],
            "URLS": env_list("ELASTICSEARCH_URL"),
            "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX", "cestpossible_"),
            "TIMEOUT": env_int("SEARCH_TIMEOUT", 10),
            "INDEX_SETTINGS": INDEX_SETTINGS,
            # A node that is down must not multiply the wait: no retries.
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
        },
        # Kept up to date beside the node, so that the search service can answer
        # alone when the node is down or hangs.
        "db": DATABASE_SEARCH_BACKEND,
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}

# Logs on the console (the process manager collects them): plain text, or one JSON
# object per line with LOG_FORMAT=json (timestamp, level, logger, message, request
# path and status where Django gives them), for a log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "opensearch": {"level": "WARNING"},
        "opensearchpy": {"level": "WARNING"},
        "elasticsearch": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}

# Error reporting: Sentry's SDK when SENTRY_DSN is set (no personal data sent).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

# Media on S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set (django-storages):
# every web and worker machine then reads and writes the same files.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")  # e.g. a MinIO or OVH endpoint
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    # Documents are served by a redirect to the storage, not streamed by Django.
    WAGTAILDOCS_SERVE_METHOD = "redirect"

# A CDN or caching proxy in front of the site, purged on publish (Wagtail's frontend
# cache): an HTTP PURGE endpoint (Varnish, nginx) or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_BEARER_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONEID"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.insert(0, "wagtail.contrib.frontend_cache")


# Headless API (/api/v3/ and /api/v2/), see docs/api.md.
# Unset: absolute URLs in API responses use the Site record's root URL (like html_url).
WAGTAILAPI_BASE_URL = env_str("WAGTAILAPI_BASE_URL")
WAGTAILAPI_LIMIT_MAX = 50  # page size cap, v2 and v3 and the project's endpoints
WAGTAILAPI_RICH_TEXT_FORMAT = "html"  # ?rich_text_format=db_html|html|markdown per request
WAGTAILAPI_SEARCH_ENABLED = True
# Anonymous GETs are cacheable for this many seconds (shared caches and browsers).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# Front ends allowed to call the API from a browser (CORS), comma-separated origins.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False  # tokens travel in the Authorization header, never cookies
CORS_EXPOSE_HEADERS = ["ETag"]
# Headless preview: the front end that renders a draft, and how long its token lives.
HEADLESS_PREVIEW_URL = env_str("HEADLESS_PREVIEW_URL", "")
PREVIEW_TOKEN_MAX_AGE = env_int("PREVIEW_TOKEN_MAX_AGE", 600)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
