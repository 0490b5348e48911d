from airflow._stub import AirflowException, AirflowFailException  # noqa: F401
