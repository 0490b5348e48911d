from airflow._stub import S3KeySensor  # noqa: F401
