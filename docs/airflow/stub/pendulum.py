"""Stub of the two pendulum functions the DAG uses (Airflow ships pendulum)."""
from datetime import datetime as _datetime
from zoneinfo import ZoneInfo


def timezone(name: str):
    return ZoneInfo(name)


def datetime(year, month=1, day=1, hour=0, minute=0, second=0, tz=None):
    return _datetime(year, month, day, hour, minute, second, tzinfo=tz)
