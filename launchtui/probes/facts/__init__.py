"""What the probe families find out for items judged with several of them: one module a family.

Each family fills its own facts object (``http.HttpFacts``, ``tls.TlsFacts``, ``dns.DnsFacts``)
and imports no other; the runner holds them on its ``ProbeContext`` and
:mod:`launchtui.probes.combined` reads them. Plain data: importing these loads no family.
"""
