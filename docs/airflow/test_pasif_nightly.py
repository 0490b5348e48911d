"""Checks docs/airflow/pasif_nightly.py without Airflow: imported against stub/ (the parts of the
Airflow API the DAG uses). Run: python3 -m unittest discover -s docs/airflow (SchedulingTest runs
it in `mvn verify`).
"""

from __future__ import annotations

import importlib
import os
import sys
import unittest
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stub"))
sys.path.insert(0, HERE)

from airflow import _stub  # noqa: E402


def load_dag_module(airflow3: bool):
    """Imports the DAG file afresh, with (Airflow 3) or without (Airflow 2) airflow.sdk."""
    for name in ("pasif_nightly", "airflow.sdk", "airflow.sdk.exceptions",
                 "airflow.timetables.interval"):
        sys.modules.pop(name, None)
    if not airflow3:
        # A None entry makes `import airflow.sdk` raise ImportError, as on Airflow 2.
        sys.modules["airflow.sdk"] = None
        sys.modules["airflow.sdk.exceptions"] = None
    try:
        return importlib.import_module("pasif_nightly")
    finally:
        for name in ("airflow.sdk", "airflow.sdk.exceptions"):
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


# The run that fires at 2026-11-25 02:30 WIB covers [2026-11-24 02:30, 2026-11-25 02:30) WIB;
# Airflow hands its start over in UTC: 2026-11-23 19:30 UTC. Its dump is the one of 2026-11-24.
INTERVAL_START = datetime(2026, 11, 23, 19, 30, tzinfo=timezone.utc)
INTERVAL_END = INTERVAL_START + timedelta(days=1)
EXPECTED_DATE = "2026-11-24"


def context(module, dag):
    variables = SimpleNamespace(pasif_input="s3a://dumps/ig", pasif_warehouse="s3a://lake/pasif")
    return {
        "data_interval_start": INTERVAL_START,
        "data_interval_end": INTERVAL_END,
        # What {{ ds }} would be for this run: the logical date (the interval's start) in UTC.
        "ds": INTERVAL_START.strftime("%Y-%m-%d"),
        "var": SimpleNamespace(value=variables),
        **dag.user_defined_macros,
    }


class NightlyDagTest(unittest.TestCase):
    def setUp(self):
        self.module = load_dag_module(airflow3=True)
        self.dag = self.module.nightly
        _stub.SparkSubmitOperator.submitted.clear()

    def rendered(self, task_id):
        task = self.dag.task_dict[task_id]
        task.render_template_fields(context(self.module, self.dag))
        return task

    def test_one_task_per_stage_after_the_sensor_in_pipeline_order(self):
        chain = ["wait_for_dump", "ingest", "activity", "segment", "report", "html_report",
                 "maintain_date"]
        self.assertEqual(sorted(self.dag.task_dict), sorted(chain))
        for before, after in zip(chain, chain[1:]):
            self.assertEqual(self.dag.task_dict[after].upstream_task_ids, {before}, after)
        self.assertEqual(self.dag.task_dict["wait_for_dump"].upstream_task_ids, set())
        for stage in chain[1:]:
            task = self.dag.task_dict[stage]
            self.assertIsInstance(task, _stub.SparkSubmitOperator, stage)
            self.assertEqual(task._java_class, "id.pasif.cli.PasifCommand")
            # client mode: spark-submit's exit code is pasif's
            self.assertEqual(task._deploy_mode, "client")

    def test_each_stage_runs_its_pasif_command_for_the_wib_day_of_the_interval_start(self):
        expected = {
            "ingest": ["ingest", "--date", EXPECTED_DATE, "--input", "s3a://dumps/ig",
                       "--warehouse", "s3a://lake/pasif"],
            "activity": ["activity", "--date", EXPECTED_DATE, "--warehouse", "s3a://lake/pasif"],
            "segment": ["segment", "--date", EXPECTED_DATE, "--warehouse", "s3a://lake/pasif"],
            "report": ["report", "--date", EXPECTED_DATE, "--warehouse", "s3a://lake/pasif"],
            # read-only: renders the tables the report stage wrote
            "html_report": ["report", "--date", EXPECTED_DATE, "--warehouse", "s3a://lake/pasif",
                            "--html", "s3a://lake/pasif/_reports/report-2026-11-24.html"],
            "maintain_date": ["maintain", "--date", EXPECTED_DATE,
                              "--warehouse", "s3a://lake/pasif"],
        }
        for task_id, args in expected.items():
            self.assertEqual(self.rendered(task_id).application_args, args, task_id)
        # {{ ds }} would have named the day before (the logical date in UTC).
        self.assertEqual(context(self.module, self.dag)["ds"], "2026-11-23")

    def test_the_run_date_is_the_wib_day_at_every_hour_of_the_day(self):
        wib = timezone(timedelta(hours=7))
        for hour in range(24):
            start = datetime(2026, 11, 24, hour, 59, tzinfo=wib).astimezone(timezone.utc)
            self.assertEqual(self.module.wib_day(start), "2026-11-24", hour)

    def test_no_template_uses_the_logical_date(self):
        for task in self.dag.tasks:
            for field in task.template_fields:
                text = repr(getattr(task, field))
                for name in ("ds", "ds_nodash", "logical_date", "execution_date", "ts"):
                    self.assertNotRegex(text, r"\{\{[^}]*\b" + name + r"\b", task.task_id)

    def test_schedule_is_a_data_interval_timetable_in_wib(self):
        timetable = self.dag.schedule
        # Not a bare cron string: on Airflow 3 that is a trigger with an empty interval.
        self.assertIsInstance(timetable, _stub.CronDataIntervalTimetable)
        self.assertEqual(timetable._expression, "30 2 * * *")
        self.assertEqual(timetable._timezone, "Asia/Jakarta")
        self.assertEqual(self.dag.max_active_runs, 1)
        self.assertFalse(self.dag.catchup)
        self.assertEqual(str(self.dag.start_date.tzinfo), "Asia/Jakarta")

    def test_sensor_waits_for_the_four_folders_of_the_date_without_holding_a_slot(self):
        sensor = self.rendered("wait_for_dump")
        self.assertIsInstance(sensor, _stub.S3KeySensor)
        self.assertEqual(
            sensor.bucket_key,
            [
                "s3://dumps/ig/follows/dt=2026-11-24/*",
                "s3://dumps/ig/interactions/dt=2026-11-24/*",
                "s3://dumps/ig/posts/dt=2026-11-24/*",
                "s3://dumps/ig/profiles/dt=2026-11-24/*",
            ],
        )
        self.assertTrue(sensor.wildcard_match)
        self.assertEqual(sensor.mode, "reschedule")
        self.assertEqual(sensor.retries, 0)
        self.assertGreaterEqual(sensor.timeout, 6 * 3600)

    def test_retry_policy(self):
        for stage in ("ingest", "activity", "segment", "report", "html_report"):
            task = self.dag.task_dict[stage]
            self.assertEqual(task.retries, 3, stage)
            self.assertEqual(task.retry_delay, timedelta(minutes=15), stage)
        self.assertEqual(self.dag.task_dict["maintain_date"].retries, 1)

    def run_stage(self, stage, code):
        _stub.SparkSubmitOperator.next_exit_code = code
        task = self.rendered(stage)
        try:
            return _stub.run_task(task, context(self.module, self.dag)), None
        except Exception as error:  # the test inspects it
            return task.tries, error
        finally:
            _stub.SparkSubmitOperator.next_exit_code = 0

    def test_exit_2_and_3_fail_at_once_without_retry(self):
        for code in (2, 3):
            tries, error = self.run_stage("ingest", code)
            self.assertEqual(tries, 1, f"exit {code}")
            self.assertIsInstance(error, _stub.AirflowFailException, f"exit {code}")
            self.assertIn(f"pasif exited {code}", str(error))

    def test_exit_1_and_4_are_retried_three_times(self):
        for code in (1, 4):
            tries, error = self.run_stage("segment", code)
            self.assertEqual(tries, 4, f"exit {code}")
            self.assertIsInstance(error, _stub.AirflowException)
            self.assertNotIsInstance(error, _stub.AirflowFailException)

    def test_success_is_one_submit_of_the_rendered_command(self):
        tries, error = self.run_stage("activity", 0)
        self.assertIsNone(error)
        self.assertEqual(tries, 1)
        self.assertEqual(
            _stub.SparkSubmitOperator.submitted[-1][-5:],
            ["activity", "--date", EXPECTED_DATE, "--warehouse", "s3a://lake/pasif"],
        )

    def test_exit_code_read_from_the_hook_or_from_the_message(self):
        hook = _stub.SparkSubmitHook(3)
        self.assertEqual(self.module.exit_code(RuntimeError("whatever"), hook), 3)
        message = _stub.AirflowException("Cannot execute: spark-submit x. Error code is: 2.")
        self.assertEqual(self.module.exit_code(message), 2)
        self.assertIsNone(self.module.exit_code(RuntimeError("driver lost")))

    def test_weekly_maintenance(self):
        weekly = self.module.weekly
        self.assertEqual(list(weekly.task_dict), ["maintain_all"])
        task = weekly.task_dict["maintain_all"]
        task.render_template_fields(context(self.module, weekly))
        self.assertEqual(
            task.application_args,
            ["maintain", "--retain-hours", "168", "--warehouse", "s3a://lake/pasif"],
        )
        self.assertEqual(task.retries, 1)


class Airflow2LayoutTest(unittest.TestCase):
    def test_the_dag_file_imports_without_airflow_sdk(self):
        module = load_dag_module(airflow3=False)
        self.assertEqual(module.DAG.__module__, "airflow._stub")
        # the Airflow 2 home of the timetable was used
        self.assertIn("airflow.timetables.interval", sys.modules)
        self.assertEqual(
            sorted(module.nightly.task_dict),
            ["activity", "html_report", "ingest", "maintain_date", "report", "segment",
             "wait_for_dump"],
        )


if __name__ == "__main__":
    unittest.main()
