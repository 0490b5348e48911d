"""Airflow DAGs for pasif: the nightly run of date {{ ds }} and the weekly full maintenance.

Copy this file into the DAG folder and set the Airflow Variables `pasif_repo` (a checkout with
jobs/target/pasif-jobs.jar built), `pasif_input` and `pasif_warehouse` (URIs). Only BashOperator
is used, so no provider package is needed; `spark-submit` must be on the workers' PATH.
See docs/operations.md.

Not executed in this repository's CI (Airflow is not installed there); `python3 -m py_compile`
checks the syntax.
"""

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator

# Run dates are WIB calendar days (pasif.day.timezone): schedule in Asia/Jakarta so that
# {{ ds }}, the start of the data interval, is the WIB day whose dump arrived overnight.
WIB = pendulum.timezone("Asia/Jakarta")

SUBMIT = (
    "cd {{ var.value.pasif_repo }} && "
    "spark-submit --properties-file conf/spark-defaults.conf "
    "--class id.pasif.cli.PasifCommand jobs/target/pasif-jobs.jar "
)

default_args = {
    "owner": "pasif",
    # Exit 1 (store unreachable, a lost executor) and 4 (another run holds the date) are worth
    # retrying; a rerun of a date replaces it, so a retry never duplicates rows.
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
}

with DAG(
    dag_id="pasif_nightly",
    description="pasif nightly (ingest, activity, segment, report) for the dump of {{ ds }}",
    schedule="30 2 * * *",
    # Backfills are explicit (`airflow dags backfill`), oldest date first, one at a time:
    # the activity window of a date reads the dumps of the days before it (dag_common).
    default_args=default_args,
    **dag_common,
) as nightly:
    run_nightly = BashOperator(
        task_id="nightly",
        bash_command=SUBMIT
        + "nightly --date {{ ds }} --input {{ var.value.pasif_input }} "
        "--warehouse {{ var.value.pasif_warehouse }}",
    )
    # Compact the date just written (cheap: one partition per table), outside the nightly.
    maintain_date = BashOperator(
        task_id="maintain_date",
        bash_command=SUBMIT
        + "maintain --date {{ ds }} --warehouse {{ var.value.pasif_warehouse }}",
        retries=1,
    )
    run_nightly >> maintain_date

with DAG(
    dag_id="pasif_maintain_weekly",
    description="OPTIMIZE every date of every table, then VACUUM (retention 168 h)",
    schedule="0 6 * * 0",
    default_args={**default_args, "retries": 1},
    **dag_common,
) as weekly:
    BashOperator(
        task_id="maintain_all",
        bash_command=SUBMIT
        + "maintain --retain-hours 168 --warehouse {{ var.value.pasif_warehouse }}",
    )
