"""URLconf: the admin lives at a URL that comes from the settings (DJANGO_ADMIN_URL)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from shop.sitemaps import ProductSitemap
from shop import views

urlpatterns = [
    path("backstage-7f3a/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"products": ProductSitemap}}, name="sitemap"),
    path("", views.home, name="home"),
]

handler404 = "shop.views.not_found"
_ = settings
