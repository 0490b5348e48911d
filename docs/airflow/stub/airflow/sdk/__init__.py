"""Stub of airflow.sdk (Airflow 3 layout); see _stub.py."""
from airflow._stub import DAG, CronDataIntervalTimetable  # noqa: F401
