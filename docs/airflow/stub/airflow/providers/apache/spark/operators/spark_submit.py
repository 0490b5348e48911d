from airflow._stub import SparkSubmitOperator  # noqa: F401
