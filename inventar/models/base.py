"""The database proxy every model is bound to."""

from peewee import DatabaseProxy

db_proxy = DatabaseProxy()
