"""Stub of the airflow package (Airflow 2 layout); see _stub.py."""
from airflow._stub import DAG  # noqa: F401
