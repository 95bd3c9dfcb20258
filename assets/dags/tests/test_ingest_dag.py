"""The ingestion DAG under real Airflow: parsing, schedule, and whole runs with dag.test()
against fake-gcs-server on loopback."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from pathlib import Path

import pytest

DAGS_FOLDER = Path(__file__).resolve().parents[1]

DAY = dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.timezone.utc)
OBJECT = "ingest/dt=2025-06-01/data.csv"


@pytest.fixture(scope="module")
def dagbag(airflow_db, execution_api):
    from airflow.models.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_FOLDER), include_examples=False)


@pytest.fixture
def dag(dagbag):
    dag = dagbag.get_dag("ingest_daily")
    assert dag is not None
    return dag


ALL_TASKS = {"ingest", "verify_landing", "load_bigquery", "preprocess"}


def run_all(dag, day=DAY):
    """One dag.test() run; returns (state, {task_id: (state, try_number)}) of every task."""
    dagrun = dag.test(logical_date=day)
    tis = {ti.task_id: (ti.state, ti.try_number) for ti in dagrun.get_task_instances()}
    # a run whose logical date precedes start_date has no task instances and "succeeds" empty
    assert set(tis) == ALL_TASKS, tis
    return dagrun.state, tis


def run(dag, day=DAY):
    """run_all, keeping the landing tasks (the warehouse and preprocessing tasks have tests of their own)."""
    state, tis = run_all(dag, day)
    return state, {name: tis[name] for name in ("ingest", "verify_landing")}


def objects(gcs, bucket):
    return sorted(blob.name for blob in gcs.list_blobs(bucket))


def test_dag_folder_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert dagbag.dag_ids == ["ingest_daily"]


def test_schedule_comes_from_ingest_schedule_and_must_be_daily(airflow_db, monkeypatch):
    from airflow.models.dagbag import DagBag

    monkeypatch.setenv("INGEST_SCHEDULE", "30 2 * * *")
    bag = DagBag(dag_folder=str(DAGS_FOLDER), include_examples=False)
    assert bag.import_errors == {}
    assert bag.get_dag("ingest_daily").timetable.summary == "30 2 * * *"

    monkeypatch.setenv("INGEST_SCHEDULE", "*/5 * * * *")
    bag = DagBag(dag_folder=str(DAGS_FOLDER), include_examples=False)
    [error] = bag.import_errors.values()
    assert "INGEST_SCHEDULE '*/5 * * * *' is not a once-a-day cron" in error


def test_schedule_is_daily_without_catchup(dag):
    from croniter import croniter

    assert dag.timetable.summary == "0 3 * * *"
    fires = croniter(dag.timetable.summary, dt.datetime(2025, 6, 1))
    first, second = fires.get_next(dt.datetime), fires.get_next(dt.datetime)
    assert second - first == timedelta(days=1)
    assert dag.catchup is False
    assert dag.max_active_runs == 1


def test_tasks_retry_with_exponential_backoff(dag):
    for task in dag.tasks:
        assert task.retries >= 3, task.task_id
        assert task.retry_exponential_backoff, task.task_id
        assert task.max_retry_delay is not None, task.task_id
    assert [t.task_id for t in dag.get_task("ingest").downstream_list] == ["verify_landing"]
    assert sorted(t.task_id for t in dag.get_task("verify_landing").downstream_list) == ["load_bigquery", "preprocess"]


def test_run_lands_the_day_csv(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))

    state, tis = run(dag)

    assert state == "success", tis
    assert tis == {"ingest": ("success", 1), "verify_landing": ("success", 1)}
    assert objects(gcs, shared_bucket) == [OBJECT]
    blob = gcs.bucket(shared_bucket).get_blob(OBJECT)
    landed = blob.download_as_text()
    assert landed == sample_csv.decode()
    assert len(landed.splitlines()) == 151  # header + 150 rows
    assert blob.content_type == "text/csv"
    assert blob.metadata["rows"] == "150"
    assert blob.metadata["source-uri"].endswith("/iris.csv")


def test_rerun_of_a_day_replaces_its_object(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    url = http_source("/iris.csv", sample_csv)
    monkeypatch.setenv("INGEST_SOURCE_URI", url)
    assert run(dag)[0] == "success"
    first_generation = gcs.bucket(shared_bucket).get_blob(OBJECT).generation

    shorter = b"\n".join(sample_csv.splitlines()[:121]) + b"\n"  # header + 120 rows
    http_source("/iris.csv", shorter)
    assert run(dag)[0] == "success"

    assert objects(gcs, shared_bucket) == [OBJECT]
    blob = gcs.bucket(shared_bucket).get_blob(OBJECT)
    assert blob.generation != first_generation
    assert blob.metadata["rows"] == "120"
    assert len(blob.download_as_text().splitlines()) == 121


def test_next_day_gets_its_own_object(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))
    assert run(dag)[0] == "success"
    assert run(dag, DAY + timedelta(days=1))[0] == "success"
    assert objects(gcs, shared_bucket) == [OBJECT, "ingest/dt=2025-06-02/data.csv"]


def test_missing_source_fails_at_once_and_writes_nothing(dag, gcs, shared_bucket, http_source, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source.base + "/moved-away.csv")

    state, tis = run(dag)

    assert state == "failed"
    # AirflowFailException: no retry is spent on a 404
    assert tis == {"ingest": ("failed", 1), "verify_landing": ("upstream_failed", 0)}
    assert objects(gcs, shared_bucket) == []


def test_missing_bucket_fails_at_once_naming_the_setting(dag, gcs, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))
    monkeypatch.setenv("PIPELINE_SHARED_DATA_BUCKET", "no-such-bucket-anywhere")

    state, tis = run(dag)

    assert state == "failed"
    # a missing bucket is a configuration error: no retry is spent on it
    assert tis == {"ingest": ("failed", 1), "verify_landing": ("upstream_failed", 0)}


def test_publish_to_a_missing_bucket_is_a_permanent_error_naming_the_setting(gcs):
    from mlops_ingest import sink
    from mlops_ingest.contract import CheckedCsv

    checked = CheckedCsv(csv_text="a\n1\n", rows=1, columns=("a",))
    with pytest.raises(sink.LandingFailed, match=r"bucket 'no-such-bucket-anywhere' does not exist: check PIPELINE_SHARED_DATA_BUCKET"):
        sink.publish("no-such-bucket-anywhere", "ingest/dt=2025-06-01/data.csv", checked, labels={})


def test_a_day_folder_holding_more_than_this_run_wrote_fails_at_once(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))
    gcs.bucket(shared_bucket).blob("ingest/dt=2025-06-01/stray.csv").upload_from_string("x\n")

    state, tis = run(dag)

    assert state == "failed"
    assert tis == {"ingest": ("success", 1), "verify_landing": ("failed", 1)}


def test_unreachable_source_fails_and_writes_nothing(dag, gcs, shared_bucket, closed_port, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", f"http://127.0.0.1:{closed_port}/iris.csv")
    # a refused connection is retried in production; here one try is enough to see it fail
    monkeypatch.setattr(dag.get_task("ingest"), "retries", 0)

    state, tis = run(dag)

    assert state == "failed"
    assert tis["ingest"][0] == "failed"
    assert objects(gcs, shared_bucket) == []


@pytest.mark.parametrize(
    "drift",
    [
        lambda text: text.replace("petal_width", "petal_width_cm", 1),  # renamed column
        lambda text: text.replace("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,1.4,n/a,setosa", 1),  # bad type
        lambda text: text.replace(",setosa\n", ",Iris-setosa\n"),  # relabelled classes
        lambda text: "\n".join(text.splitlines()[:51]) + "\n",  # 50 rows: too few
    ],
    ids=["renamed-column", "wrong-type", "unknown-label", "too-few-rows"],
)
def test_drifted_source_fails_and_writes_nothing(
    dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch, drift
):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", drift(sample_csv.decode()).encode()))

    state, tis = run(dag)

    assert state == "failed"
    assert tis["ingest"] == ("failed", 1)
    assert objects(gcs, shared_bucket) == []


def test_file_source_and_airflow_variable_settings(dag, gcs, shared_bucket, tmp_path, sample_csv, monkeypatch):
    local = tmp_path / "iris.csv"
    local.write_bytes(sample_csv)
    # settings given as Airflow Variables (AIRFLOW_VAR_*) instead of plain environment variables
    monkeypatch.delenv("PIPELINE_SHARED_DATA_BUCKET")
    monkeypatch.setenv("AIRFLOW_VAR_PIPELINE_SHARED_DATA_BUCKET", shared_bucket)
    monkeypatch.setenv("AIRFLOW_VAR_INGEST_SOURCE_URI", local.as_uri())
    monkeypatch.setenv("AIRFLOW_VAR_INGEST_OBJECT_PREFIX", "landing/iris")

    assert run(dag)[0] == "success"
    assert objects(gcs, shared_bucket) == ["landing/iris/dt=2025-06-01/data.csv"]


def test_gcs_source(dag, gcs, shared_bucket, sample_csv, monkeypatch):
    upstream = gcs.create_bucket(f"{shared_bucket}-upstream")
    upstream.blob("exports/iris.csv").upload_from_string(sample_csv, content_type="text/csv")
    monkeypatch.setenv("INGEST_SOURCE_URI", f"gs://{upstream.name}/exports/iris.csv")

    assert run(dag)[0] == "success"
    assert gcs.bucket(shared_bucket).blob(OBJECT).download_as_bytes() == sample_csv


def test_missing_gcs_source_fails(dag, gcs, shared_bucket, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", f"gs://{shared_bucket}/no/such.csv")

    state, tis = run(dag)

    assert state == "failed"
    assert tis["ingest"] == ("failed", 1)
    assert objects(gcs, shared_bucket) == []
