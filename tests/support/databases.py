"""Switching the models between two open databases (a laptop and the office) in one test."""

from inventar.models import db_proxy


def use(store):
    db_proxy.initialize(store.db)
    return store
