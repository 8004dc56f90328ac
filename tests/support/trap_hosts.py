"""The hosts of the Django site's ``traps`` mode, each the good site with one mistake.

Its own module, so tests can name the hosts without importing ``django_site`` (which sets up
Django, and ``DJANGO_SETTINGS_MODULE`` in ``os.environ``, in whatever process imports it: in the
test process that leaked into the project commands' subprocesses).
"""

from __future__ import annotations

TRAP_HOSTS = {
    "forwarded.test": "a front proxy checks Host, the app trusts X-Forwarded-Host",
    "nullorigin.test": "its /api/ grants Access-Control-Allow-Origin: null with credentials",
    "plainapi.test": "http:// redirects, but /api/ answers 200 over plain HTTP",
    "googlebot.test": "robots.txt shuts out Googlebot",
    "icon-data.test": "the icon link is data:, (the 'no icon' trick)",
    "icon-js.test": "the icon link is a javascript: URL",
    "icon-ftp.test": "the icon link is an ftp:// URL",
    "icon-offsite.test": "the icon lives on another host",
    "noredirect.test": "plain HTTP serves the pages: no redirect to HTTPS at all",
    "allowfrom.test": "X-Frame-Options: ALLOW-FROM and no frame-ancestors",
    "metacsp.test": "frame-ancestors only in a <meta> CSP",
    "fixedwidth.test": "a fixed-width viewport (width=1024)",
    "loophome.test": "the home page redirects in a loop, without HSTS",
    "catchall.test": "every path answers the home page with 200",
    "staging.traps.test": "a site whose own host contains 'staging'",
    "shop.example.co.uk": "a subdomain under a two-label public suffix",
    "a11y.test": "no lang, an image without alt, an unlabelled field, empty links and buttons",
    "retina.test": "a 100-pixel PNG shown 100 pixels wide (next to an SVG and a srcset image)",
    "retina2x.test": "a 200-pixel PNG shown 100 pixels wide, and an SVG",
    "noscale.test": "a viewport that blocks zooming (user-scalable=no, maximum-scale=1)",
    "oldsite.test": "an old platform redirecting to shop.example.co.uk: 301, 302 and a 404",
}
