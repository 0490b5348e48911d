from airflow._stub import CronDataIntervalTimetable  # noqa: F401
