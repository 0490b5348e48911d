"""Airflow DAGs for pasif: the nightly run of one WIB day, one task per stage, and the weekly
full maintenance. Works on Airflow 2.7+ and Airflow 3 (see docs/operations.md, "Nightly with
Airflow").

Needs the providers apache-airflow-providers-apache-spark (SparkSubmitOperator) and
apache-airflow-providers-amazon (S3KeySensor, the dump's arrival), `spark-submit` on the
workers' PATH, and:

- the environment variable PASIF_REPO on the workers: a checkout with jobs/target/pasif-jobs.jar
  built (default /opt/pasif);
- the Airflow Variables `pasif_input` (the dump's root, s3a://BUCKET/PREFIX) and
  `pasif_warehouse` (the warehouse's root URI);
- the Spark connection `spark_default` (the master: yarn, spark://HOST:7077, k8s://...).

CI imports this file against a small stub of the Airflow API and checks the tasks, the retry
policy, the sensor and the run date (docs/airflow/test_pasif_nightly.py, run by SchedulingTest).
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
try:  # Airflow 3.1+
    from airflow.sdk import CronDataIntervalTimetable
except ImportError:  # Airflow 2 and 3.0
    from airflow.timetables.interval import CronDataIntervalTimetable
try:  # Airflow 3.1+
    from airflow.sdk.exceptions import AirflowFailException
except ImportError:
    from airflow.exceptions import AirflowFailException

# Run dates are WIB calendar days (pasif.day.timezone).
WIB_NAME = "Asia/Jakarta"
WIB = pendulum.timezone(WIB_NAME)

REPO = os.environ.get("PASIF_REPO", "/opt/pasif")
JAR = REPO + "/jobs/target/pasif-jobs.jar"
PROPERTIES = REPO + "/conf/spark-defaults.conf"

# The four folders of a dump date (docs/dump-format.md).
DATASETS = ("follows", "interactions", "posts", "profiles")

# pasif's exit codes (README, "Commands"): 2 = the command line is wrong, 3 = the data-quality
# gate refused the dump. A retry gives the same answer, so these fail the task at once.
# 1 (the run failed: store unreachable, lost executor...) and 4 (another run holds the date)
# are retried.
NO_RETRY_EXIT_CODES = {2: "the command line is wrong", 3: "the data-quality gate refused the dump"}


def wib_day(instant: datetime) -> str:
    """The WIB calendar day (YYYY-MM-DD) of an instant, e.g. of the data interval's start."""
    # Through the POSIX timestamp: the same for pendulum (Airflow's) and stdlib datetimes.
    return datetime.fromtimestamp(instant.timestamp(), ZoneInfo(WIB_NAME)).date().isoformat()


# The run date of a DAG run: the WIB day in which its data interval starts. The nightly fires at
# 02:30 WIB on day D+1 for the interval [D 02:30, D+1 02:30) WIB, so this is D, the day whose dump
# arrived overnight. Not `{{ ds }}`: ds is the logical date in UTC (D 02:30 WIB is D-1 19:30 UTC),
# and on Airflow 3 defaults a bare cron string makes the interval empty, starting when the run fires.
RUN_DATE = "{{ wib_day(data_interval_start) }}"


def exit_code(error: BaseException, hook: object = None) -> int | None:
    """The exit code of the spark-submit process behind a failed SparkSubmitOperator, or None."""
    process = getattr(hook, "_submit_sp", None)
    code = getattr(process, "returncode", None)
    if isinstance(code, int):
        return code
    # SparkSubmitHook: "Cannot execute: <command>. Error code is: N."
    match = re.search(r"Error code is: (\d+)", str(error))
    return int(match.group(1)) if match else None


class PasifSubmitOperator(SparkSubmitOperator):
    """spark-submit of one pasif command in client mode, so that the task sees pasif's exit code.

    Exit codes 2 and 3 raise AirflowFailException: the task fails without using its retries.
    Every other failure keeps the task's retry policy.
    """

    def __init__(self, *, command: str, args: list[str], **kwargs):
        super().__init__(
            application=JAR,
            java_class="id.pasif.cli.PasifCommand",
            properties_file=PROPERTIES,
            deploy_mode="client",
            name=f"pasif {command} " + RUN_DATE,
            application_args=[command, *args],
            **kwargs,
        )

    def execute(self, context):
        try:
            return super().execute(context)
        except Exception as error:
            code = exit_code(error, getattr(self, "_hook", None))
            if code in NO_RETRY_EXIT_CODES:
                raise AirflowFailException(
                    f"pasif exited {code} ({NO_RETRY_EXIT_CODES[code]}): not retried; see the"
                    " one-line error above"
                ) from error
            raise


default_args = {
    "owner": "pasif",
    # Exit 1 and 4 (and a killed driver) are retried; a rerun of a date replaces it, so a retry
    # never duplicates rows. Exit 2 and 3 are not retried (PasifSubmitOperator).
    "retries": 3,
    "retry_delay": timedelta(minutes=15),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=4),
}

# What both DAGs share: one run at a time, no automatic catch-up, the same start.
dag_common = {
    "start_date": pendulum.datetime(2026, 11, 1, tz=WIB),
    "catchup": False,
    "max_active_runs": 1,
    "tags": ["pasif"],
    "user_defined_macros": {"wib_day": wib_day},
}

INPUT = "{{ var.value.pasif_input }}"
WAREHOUSE = "{{ var.value.pasif_warehouse }}"

with DAG(
    dag_id="pasif_nightly",
    description=(
        "pasif ingest -> activity -> segment -> report -> HTML report -> maintain for one WIB day"
    ),
    # An explicit data-interval timetable: the same intervals on Airflow 2 and 3 (Airflow 3 turns
    # a bare cron string into a trigger with an empty interval).
    schedule=CronDataIntervalTimetable("30 2 * * *", timezone=WIB_NAME),
    # Backfills are explicit (docs/operations.md), oldest date first, one at a time: the
    # activity window of a date reads the dumps of the days before it.
    default_args=default_args,
    **dag_common,
) as nightly:
    # The dump format has no completion marker: wait until each of the four folders of the date
    # holds a file. reschedule: the sensor frees its worker slot between pokes.
    wait_for_dump = S3KeySensor(
        task_id="wait_for_dump",
        bucket_key=[
            "{{ var.value.pasif_input.replace('s3a://', 's3://', 1) }}/"
            + dataset
            + "/dt="
            + RUN_DATE
            + "/*"
            for dataset in DATASETS
        ],
        wildcard_match=True,
        mode="reschedule",
        poke_interval=10 * 60,
        timeout=18 * 60 * 60,
        # Waiting is the sensor's job; a timeout means no dump today, which retries cannot fix.
        retries=0,
    )
    # One task per stage: a failed stage is retried alone (segment does not re-ingest), and the
    # UI shows each stage's time. Each stage is a separate spark-submit (its own lock of the
    # date and its own row in `runs`); the ~30 s start of each is small next to the stages.
    ingest = PasifSubmitOperator(
        task_id="ingest",
        command="ingest",
        args=["--date", RUN_DATE, "--input", INPUT, "--warehouse", WAREHOUSE],
    )
    activity = PasifSubmitOperator(
        task_id="activity",
        command="activity",
        args=["--date", RUN_DATE, "--warehouse", WAREHOUSE],
    )
    segment = PasifSubmitOperator(
        task_id="segment",
        command="segment",
        args=["--date", RUN_DATE, "--warehouse", WAREHOUSE],
    )
    report = PasifSubmitOperator(
        task_id="report",
        command="report",
        args=["--date", RUN_DATE, "--warehouse", WAREHOUSE],
    )
    # The HTML report of the date, from the tables the report stage wrote (read-only: a retry
    # or a re-run changes nothing in the warehouse).
    html_report = PasifSubmitOperator(
        task_id="html_report",
        command="report",
        args=[
            "--date",
            RUN_DATE,
            "--warehouse",
            WAREHOUSE,
            "--html",
            WAREHOUSE + "/_reports/report-" + RUN_DATE + ".html",
        ],
    )
    # Compact the date just written (cheap: one partition per table), after the nightly.
    maintain_date = PasifSubmitOperator(
        task_id="maintain_date",
        command="maintain",
        args=["--date", RUN_DATE, "--warehouse", WAREHOUSE],
        retries=1,
    )
    wait_for_dump >> ingest >> activity >> segment >> report >> html_report >> maintain_date

with DAG(
    dag_id="pasif_maintain_weekly",
    description="OPTIMIZE every date of every table, then VACUUM (retention 168 h)",
    schedule=CronDataIntervalTimetable("0 6 * * 0", timezone=WIB_NAME),
    default_args={**default_args, "retries": 1},
    **dag_common,
) as weekly:
    PasifSubmitOperator(
        task_id="maintain_all",
        command="maintain",
        args=["--retain-hours", "168", "--warehouse", WAREHOUSE],
    )
