from django.core.exceptions import ImproperlyConfigured

raise ImproperlyConfigured("Set the DATABASE_URL environment variable")
