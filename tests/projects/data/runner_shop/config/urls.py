from django.contrib import admin
from django.urls import path
from shop import views

urlpatterns = [
    path("staff-only/", admin.site.urls),
    path("", views.home),
]

handler404 = "shop.views.not_found"
