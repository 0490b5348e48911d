"""A small stand-in for the parts of the Airflow API that docs/airflow/pasif_nightly.py uses.

Airflow cannot be installed in this repository's CI (no PyPI), so the DAG file is imported
against this stub. The stub keeps the API's names and signatures (unknown arguments are a
TypeError, as in Airflow) and Airflow's documented rules for what the tests check: default_args
fill arguments not given, `>>` sets dependencies, templates are rendered from template_fields,
and an AirflowFailException ends a task without using its retries.
"""

from __future__ import annotations

import re
from datetime import timedelta


class AirflowException(Exception):
    """Base of Airflow's exceptions; a task raising it is retried while retries remain."""


class AirflowFailException(AirflowException):
    """Fails the task at once, whatever its retries."""


class CronDataIntervalTimetable:
    """A cron schedule whose runs cover the interval since the previous fire time."""

    def __init__(self, cron: str, timezone):
        self._expression = cron
        self._timezone = timezone


class DAG:
    _context: list[DAG] = []

    def __init__(
        self,
        dag_id: str,
        description: str | None = None,
        schedule=None,
        start_date=None,
        default_args: dict | None = None,
        catchup: bool = True,
        max_active_runs: int = 16,
        tags: list[str] | None = None,
        user_defined_macros: dict | None = None,
    ):
        self.dag_id = dag_id
        self.description = description
        self.schedule = schedule
        self.timetable = schedule
        self.start_date = start_date
        self.default_args = dict(default_args or {})
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.tags = tags or []
        self.user_defined_macros = dict(user_defined_macros or {})
        self.task_dict: dict[str, BaseOperator] = {}

    def __enter__(self):
        DAG._context.append(self)
        return self

    def __exit__(self, *exc):
        DAG._context.pop()
        return False

    @property
    def tasks(self):
        return list(self.task_dict.values())


_UNSET = object()


class BaseOperator:
    template_fields: tuple[str, ...] = ()

    def __init__(
        self,
        *,
        task_id: str,
        owner=_UNSET,
        retries=_UNSET,
        retry_delay=_UNSET,
        retry_exponential_backoff=_UNSET,
        execution_timeout=_UNSET,
    ):
        self.dag = DAG._context[-1] if DAG._context else None
        defaults = self.dag.default_args if self.dag else {}
        given = {
            "owner": owner,
            "retries": retries,
            "retry_delay": retry_delay,
            "retry_exponential_backoff": retry_exponential_backoff,
            "execution_timeout": execution_timeout,
        }
        builtin = {
            "owner": "airflow",
            "retries": 0,
            "retry_delay": timedelta(seconds=300),
            "retry_exponential_backoff": False,
            "execution_timeout": None,
        }
        for name, value in given.items():
            if value is _UNSET:
                value = defaults.get(name, builtin[name])
            setattr(self, name, value)
        self.task_id = task_id
        self.upstream_task_ids: set[str] = set()
        self.downstream_task_ids: set[str] = set()
        if self.dag is not None:
            if task_id in self.dag.task_dict:
                raise ValueError(f"duplicate task_id {task_id}")
            self.dag.task_dict[task_id] = self

    def __rshift__(self, other):
        self.downstream_task_ids.add(other.task_id)
        other.upstream_task_ids.add(self.task_id)
        return other

    def execute(self, context):
        raise NotImplementedError

    def render_template_fields(self, context: dict) -> None:
        """Renders each template field in place; `{{ expr }}` is a Python expression here."""
        for field in self.template_fields:
            setattr(self, field, _render(getattr(self, field), context))


def _render(value, context):
    if isinstance(value, str):
        return re.sub(r"\{\{(.*?)\}\}", lambda m: str(eval(m.group(1), {}, context)), value)
    if isinstance(value, list):
        return [_render(v, context) for v in value]
    if isinstance(value, tuple):
        return tuple(_render(v, context) for v in value)
    if isinstance(value, dict):
        return {k: _render(v, context) for k, v in value.items()}
    return value


def run_task(task: BaseOperator, context: dict) -> int:
    """Runs a task the way Airflow's task instance does: up to retries + 1 tries, except that an
    AirflowFailException ends it at once. Returns the number of tries; re-raises the last error."""
    tries = 0
    while True:
        tries += 1
        try:
            task.execute(context)
            return tries
        except AirflowFailException:
            task.tries = tries
            raise
        except Exception:
            if tries > task.retries:
                task.tries = tries
                raise


class _Process:
    def __init__(self, returncode: int):
        self.returncode = returncode


class SparkSubmitHook:
    """Keeps the spark-submit process (`_submit_sp`) as the provider's hook does."""

    def __init__(self, returncode: int):
        self._submit_sp = _Process(returncode)


class SparkSubmitOperator(BaseOperator):
    template_fields = (
        "application",
        "conf",
        "name",
        "application_args",
        "properties_file",
    )
    # What the next spark-submit "exits" with (set by the tests).
    next_exit_code = 0
    submitted: list[list[str]] = []

    def __init__(
        self,
        *,
        application: str = "",
        conf: dict | None = None,
        conn_id: str = "spark_default",
        java_class: str | None = None,
        name: str = "arrow-spark",
        application_args: list | None = None,
        properties_file: str | None = None,
        deploy_mode: str | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.application = application
        self.conf = conf
        self._conn_id = conn_id
        self._java_class = java_class
        self.name = name
        self.application_args = application_args
        self.properties_file = properties_file
        self._deploy_mode = deploy_mode
        self._hook = None

    def execute(self, context):
        code = SparkSubmitOperator.next_exit_code
        self._hook = SparkSubmitHook(code)
        command = ["spark-submit", "--class", str(self._java_class), self.application]
        command += [str(a) for a in self.application_args or []]
        SparkSubmitOperator.submitted.append(command)
        if code:
            raise AirflowException(f"Cannot execute: {' '.join(command)}. Error code is: {code}.")


class S3KeySensor(BaseOperator):
    template_fields = ("bucket_key", "bucket_name")

    def __init__(
        self,
        *,
        bucket_key,
        bucket_name: str | None = None,
        wildcard_match: bool = False,
        aws_conn_id: str = "aws_default",
        mode: str = "poke",
        poke_interval: float = 60,
        timeout: float = 7 * 24 * 60 * 60,
        soft_fail: bool = False,
        **kwargs,
    ):
        if mode not in ("poke", "reschedule"):
            raise ValueError(f"mode must be poke or reschedule, not {mode}")
        super().__init__(**kwargs)
        self.bucket_key = bucket_key
        self.bucket_name = bucket_name
        self.wildcard_match = wildcard_match
        self.aws_conn_id = aws_conn_id
        self.mode = mode
        self.poke_interval = poke_interval
        self.timeout = timeout
        self.soft_fail = soft_fail
