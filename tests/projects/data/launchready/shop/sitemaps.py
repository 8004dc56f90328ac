"""Sitemap of the products."""

from django.contrib.sitemaps import Sitemap

from shop.models import Product


class ProductSitemap(Sitemap):
    """Every product page."""

    def items(self):
        return Product.objects.all()
