"""Checks made from inside a Django project: its files, its settings as Django loads them.

A probe family like http/tls/dns: it imports neither the TUI nor the state store nor another family.
"""
