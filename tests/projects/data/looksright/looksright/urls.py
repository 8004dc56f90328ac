"""URLconf."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("manage-4d1c/", admin.site.urls)]
