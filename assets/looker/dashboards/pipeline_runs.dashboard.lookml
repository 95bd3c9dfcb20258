- dashboard: pipeline_runs
  title: "MLOps pipeline runs"
  layout: newspaper
  preferred_viewer: dashboards-next
  description: "Pipeline runs and their outcome, and the model accuracy of each run against its threshold."
  elements:
  - name: runs_by_outcome
    title: "Runs by outcome"
    model: mlops
    explore: pipeline_runs
    type: looker_column
    fields: [pipeline_runs.run_date, pipeline_runs.deployed, pipeline_runs.run_count]
    pivots: [pipeline_runs.deployed]
    sorts: [pipeline_runs.run_date desc]
    row: 0
    col: 0
    width: 12
    height: 6
  - name: accuracy_per_run
    title: "Model accuracy per run"
    model: mlops
    explore: pipeline_runs
    type: looker_line
    fields: [pipeline_runs.run_time, pipeline_runs.accuracy, pipeline_runs.accuracy_threshold]
    sorts: [pipeline_runs.run_time]
    row: 0
    col: 12
    width: 12
    height: 6
  - name: deploy_rate
    title: "Share of runs deployed"
    model: mlops
    explore: pipeline_runs
    type: single_value
    fields: [pipeline_runs.deploy_rate]
    row: 6
    col: 0
    width: 6
    height: 4
  - name: latest_runs
    title: "Latest runs"
    model: mlops
    explore: pipeline_runs
    type: looker_grid
    fields: [pipeline_runs.run_time, pipeline_runs.run_id, pipeline_runs.accuracy, pipeline_runs.accuracy_threshold, pipeline_runs.deployed, pipeline_runs.reason, pipeline_runs.model_version]
    sorts: [pipeline_runs.run_time desc]
    limit: 50
    row: 6
    col: 6
    width: 18
    height: 8
