connection: "@{CONNECTION}"

include: "/views/*.view.lkml"
include: "/dashboards/*.dashboard.lookml"

datagroup: pipeline_runs_fresh {
  sql_trigger: SELECT MAX(run_time) FROM `@{PIPELINE_RUNS_TABLE}` ;;
  max_cache_age: "24 hours"
}

explore: pipeline_runs {
  label: "Pipeline runs"
  description: "One row per Vertex AI pipeline run: its accuracy, the threshold and whether the model was deployed."
  persist_with: pipeline_runs_fresh
}
