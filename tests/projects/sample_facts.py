"""A complete facts document, every section filled, for tests of the contract and of judges."""

from __future__ import annotations

from launchtui.probes.project.facts import (
    AnymailFacts,
    CacheFacts,
    CheckMessage,
    ChecksFacts,
    DatabaseFacts,
    EmailAddressFacts,
    EmailFacts,
    Endpoint,
    Facts,
    FactSource,
    FileFieldFacts,
    FileFieldsFacts,
    HandlerFacts,
    HostFacts,
    LoggerFacts,
    LoggingFacts,
    PgSetting,
    PostgresFacts,
    ReadOnlyFacts,
    RedisFacts,
    SecretFacts,
    SecretsFacts,
    SentryFacts,
    ServicesFacts,
    SettingsFacts,
    StorageFacts,
    ThrottlingFacts,
    UrlsFacts,
)


def sample_facts(source: FactSource = "runner") -> Facts:
    """Facts as a launch-ready project would produce them."""
    redis = Endpoint(
        role="cache:default", scheme="rediss", host="cache.internal", port=6380, tls=True
    )
    address = EmailAddressFacts(
        classification="ok", domain="example.org", display_name=True, is_django_default=False
    )
    return Facts(
        source=source,
        settings_module="config.settings.production",
        checks=ChecksFacts(
            source=source,
            messages=(
                CheckMessage(
                    id="security.W004",
                    level=30,
                    msg="You have not set a value for SECURE_HSTS_SECONDS.",
                    hint=None,
                    obj="?",
                    silenced=True,
                ),
            ),
            silenced_ids=("security.W004",),
        ),
        settings=SettingsFacts(
            source=source,
            settings_module="config.settings.production",
            debug=False,
            allowed_hosts=("example.org", "www.example.org"),
            middleware=("django.middleware.security.SecurityMiddleware",),
            installed_apps=("django.contrib.admin", "shop"),
            silenced_system_checks=("security.W004",),
            admins_count=1,
            managers_count=0,
            broken_link_emails_middleware=False,
            session_cookie_domain=None,
            csrf_cookie_domain=None,
            data_upload_max_memory_size=2621440,
            file_upload_max_memory_size=2621440,
            databases=(
                DatabaseFacts(
                    alias="default",
                    engine="django.db.backends.postgresql",
                    atomic_requests=True,
                    conn_max_age=60,
                    endpoint=Endpoint(
                        role="database:default",
                        scheme="postgres",
                        host="db.internal",
                        port=5432,
                        tls=True,
                    ),
                    sslmode="require",
                ),
            ),
            caches=(
                CacheFacts(
                    alias="default",
                    backend="django.core.cache.backends.redis.RedisCache",
                    endpoints=(redis,),
                ),
            ),
            storages=(
                StorageFacts(
                    alias="default",
                    backend="storages.backends.s3.S3Storage",
                    bucket_name="media",
                    default_acl="private",
                    querystring_auth=True,
                ),
            ),
            email=EmailFacts(
                backend="anymail.backends.sendgrid.EmailBackend",
                anymail_installed=True,
                anymail_esp="sendgrid",
                send_defaults_bcc=False,
                use_tls=True,
                use_ssl=False,
                host="smtp.example.org",
                default_from=address,
                server_email=address,
            ),
            throttling=ThrottlingFacts(
                drf_installed=True,
                throttle_classes=("rest_framework.throttling.AnonRateThrottle",),
                throttle_rates={"anon": "100/day", "user": None},
                ratelimit_installed=False,
                ratelimit_cache=None,
                axes_installed=False,
            ),
            endpoints=(
                Endpoint(
                    role="celery-broker",
                    scheme="rediss",
                    host="cache.internal",
                    port=6380,
                    tls=True,
                ),
            ),
            values={
                "SECURE_HSTS_SECONDS": 31536000,
                "X_FRAME_OPTIONS": "DENY",
                "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
                "PREPEND_WWW": False,
                "CSRF_COOKIE_AGE": 31449600.0,
                "SESSION_COOKIE_DOMAIN": None,
            },
        ),
        secrets=SecretsFacts(
            source=source,
            secret_key=SecretFacts(name="SECRET_KEY", length=50, unique_chars=38, digest="ab" * 32),
            fallbacks=(),
            sensitive=(
                SecretFacts(
                    name="EMAIL_HOST_PASSWORD", length=24, unique_chars=20, digest="cd" * 32
                ),
            ),
        ),
        logging=LoggingFacts(
            source=source,
            loggers=(
                LoggerFacts(
                    name="django.request",
                    level=40,
                    handlers=("mail_admins",),
                    reaches_admin_email=True,
                ),
            ),
            handlers=(
                HandlerFacts(
                    name="mail_admins",
                    class_path="django.utils.log.AdminEmailHandler",
                    level=40,
                    format="%(levelname)s %(name)s %(message)s",
                    syslog_host=None,
                ),
            ),
        ),
        file_fields=FileFieldsFacts(
            source=source,
            fields=(
                FileFieldFacts(
                    model="shop.Product",
                    field="photo",
                    field_class="django.db.models.ImageField",
                    is_image=True,
                    upload_to="products/",
                    validators=("django.core.validators.FileExtensionValidator",),
                    in_project=True,
                ),
            ),
        ),
        sentry=SentryFacts(
            source=source,
            sdk_installed=True,
            sdk_version="2.20.0",
            client_active=True,
            dsn_set=True,
            dsn_host="o1.ingest.sentry.io",
            integrations=("django", "celery"),
            send_default_pii=False,
            environment="production",
        ),
        anymail=AnymailFacts(
            source=source,
            installed=True,
            post_send_receivers=("shop.mail.sent",),
            tracking_receivers=(),
        ),
        read_only=ReadOnlyFacts(source=source, installed=True, read_only=True),
        urls=UrlsFacts(
            source=source,
            root_urlconf="config.urls",
            admin_url="/staff-only/",
            handler404="shop.views.not_found",
            handler500=None,
        ),
        host=HostFacts(
            source=source,
            python_version="3.12.4",
            python_implementation="CPython",
            django_version="5.2.19",
            os_id="ubuntu",
            os_version_id="24.04",
            euid=1000,
            env_present=("DYNO",),
            packages={"celery": "5.4.0"},
        ),
        services=ServicesFacts(
            source=source,
            redis=(
                RedisFacts(
                    roles=("cache:default", "celery-broker"),
                    host="cache.internal",
                    port=6380,
                    status="ok",
                    reason="",
                    maxmemory=1 << 30,
                    maxmemory_policy="volatile-lru",
                    maxclients=10000,
                    version="7.2.4",
                ),
            ),
            postgres=(
                PostgresFacts(
                    alias="default",
                    host="db.internal",
                    port=5432,
                    status="skipped",
                    reason="no PostgreSQL client library (psycopg or psycopg2) in the project",
                    server_version=None,
                    max_connections=None,
                    settings=(
                        PgSetting(name="work_mem", setting="4096", unit="kB", boot_val="4096"),
                    ),
                ),
            ),
        ),
    )
