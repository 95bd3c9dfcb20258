import * as fs from 'fs';
import * as path from 'path';
import { DAG_ENVIRONMENT, PIPELINE_PARAMETERS } from '../../src/layers/contracts';
import { platformStack, synthEnv, resources } from '../support/synth';
import { Testing } from 'cdktf';
import { validateConfig, DEFAULT_CONFIGS } from '../../src/config';

// The names between the infrastructure and its workloads, read from both sides: a rename on
// either side fails here instead of at run time in the cloud.
const root = path.resolve(__dirname, '..', '..');
const read = (...p: string[]) => fs.readFileSync(path.join(root, ...p), 'utf8');

describe('the ingestion DAG reads the variables the ingestion layer sets', () => {
  const config = read('assets', 'dags', 'mlops_ingest', 'config.py');
  const warehouse = read('assets', 'dags', 'mlops_ingest', 'warehouse.py');
  const preprocessing = read('assets', 'dags', 'mlops_ingest', 'preprocessing.py');
  const dag = read('assets', 'dags', 'ingest_daily.py');
  // `NAME = "ENV_VAR"` constants of mlops_ingest/config.py and warehouse.py, the settings
  // preprocessing.py reads (`get("NAME")` and the keys of DATAFLOW_REQUIRED), and the DAG's own
  // os.environ reads.
  const constants = (src: string) => [...src.matchAll(/^[A-Z_]+ = "([A-Z][A-Z0-9_]+)"$/gm)].map((m) => m[1]);
  const dagReads = new Set([
    ...constants(config),
    ...constants(warehouse),
    ...[...preprocessing.matchAll(/get\("([A-Z][A-Z0-9_]+)"\)/g)].map((m) => m[1]),
    ...[...preprocessing.matchAll(/^ {4}"([A-Z][A-Z0-9_]+)": "[a-zA-Z.]+",$/gm)].map((m) => m[1]),
    ...[...dag.matchAll(/os\.environ\.get\("([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]),
  ]);

  test('the contract names, literally', () => {
    expect(DAG_ENVIRONMENT).toEqual({
      sharedDataBucket: 'PIPELINE_SHARED_DATA_BUCKET',
      sourceUri: 'INGEST_SOURCE_URI',
      schedule: 'INGEST_SCHEDULE',
      pipelineRootBucket: 'PIPELINE_ROOT_BUCKET',
      pipelineStorageBucket: 'PIPELINE_STORAGE_BUCKET',
      bigQueryTable: 'BIGQUERY_TABLE',
      bigQueryLocation: 'BIGQUERY_LOCATION',
      dataflowRunner: 'DATAFLOW_RUNNER',
      dataflowPipelineDir: 'DATAFLOW_PIPELINE_DIR',
      featuresLocation: 'FEATURES_LOCATION',
      dataflowProject: 'DATAFLOW_PROJECT',
      dataflowRegion: 'DATAFLOW_REGION',
      dataflowServiceAccount: 'DATAFLOW_SERVICE_ACCOUNT',
      dataflowTempLocation: 'DATAFLOW_TEMP_LOCATION',
      dataflowStagingLocation: 'DATAFLOW_STAGING_LOCATION',
      dataflowKmsKey: 'DATAFLOW_KMS_KEY',
      dataflowSubnetwork: 'DATAFLOW_SUBNETWORK',
      dataflowTemplate: 'DATAFLOW_TEMPLATE',
      dataflowImage: 'DATAFLOW_IMAGE',
    });
  });

  test('the DAG reads each of its settings the infrastructure sets (the pipeline buckets are for other DAGs)', () => {
    const forOtherDags: string[] = [DAG_ENVIRONMENT.pipelineRootBucket, DAG_ENVIRONMENT.pipelineStorageBucket];
    const notRead = Object.values(DAG_ENVIRONMENT).filter((name) => !forOtherDags.includes(name) && !dagReads.has(name));
    expect(notRead).toEqual([]);
  });

  test('every setting a DataflowRunner launch requires is set (preprocessing.py DATAFLOW_REQUIRED)', () => {
    const required = [...preprocessing.matchAll(/^ {4}"([A-Z][A-Z0-9_]+)": "[a-zA-Z.]+",$/gm)].map((m) => m[1]);
    expect(required.length).toBe(9);
    const env = Object.values<any>(synthEnv('dev').resource.google_composer_environment)[0].config.software_config.env_variables;
    expect(required.filter((name) => !(name in env))).toEqual([]);
  });

  test('the Composer environment of every stack sets them', () => {
    const env = Object.values<any>(synthEnv('dev').resource.google_composer_environment)[0].config.software_config.env_variables;
    expect(Object.keys(env).sort()).toEqual(Object.values(DAG_ENVIRONMENT).sort());
  });
});

describe('the pipeline takes the parameters the training layer passes', () => {
  const compiledDir = path.join(root, 'assets', 'pipelines', 'compiled');
  const [template] = fs.readdirSync(compiledDir).filter((f) => f.endsWith('.json'));
  const inputs = Object.keys(JSON.parse(fs.readFileSync(path.join(compiledDir, template), 'utf8')).root.inputDefinitions.parameters);

  test('the contract names, literally', () => {
    expect(Object.values(PIPELINE_PARAMETERS).sort()).toEqual([
      'accuracy_threshold', 'data_uri', 'dataset_bigquery_source', 'dataset_id', 'endpoint', 'kms_key_name', 'location', 'machine_type', 'metrics_table',
      'pipeline_service_account', 'prediction_image', 'project', 'serving_service_account', 'training_image', 'tuning_image', 'validation_image',
    ]);
  });

  test('each is an input of the compiled pipeline', () => {
    expect(Object.values(PIPELINE_PARAMETERS).filter((p) => !inputs.includes(p))).toEqual([]);
  });

  test('the function receives exactly these, and fills the data parameter itself', () => {
    const [[, fn]] = resources(synthEnv('dev'), 'google_cloudfunctions2_function');
    const envVars = fn.service_config.environment_variables;
    expect(envVars.DATA_PARAMETER_NAME).toBe('data_uri');
    expect(Object.keys(JSON.parse(envVars.PIPELINE_PARAMETERS)).sort()).toEqual(
      ['accuracy_threshold', 'dataset_bigquery_source', 'dataset_id', 'endpoint', 'kms_key_name', 'location', 'machine_type', 'metrics_table', 'pipeline_service_account',
        'prediction_image', 'project', 'serving_service_account', 'training_image', 'tuning_image', 'validation_image'],
    );
  });

  test('every run writes its row to the pipeline_runs table in the form record_run accepts, and trains from the CSV unless configured', () => {
    const tf = synthEnv('dev');
    const [[, fn]] = resources(tf, 'google_cloudfunctions2_function');
    const params = JSON.parse(fn.service_config.environment_variables.PIPELINE_PARAMETERS);
    const [[tableId, table]] = resources(tf, 'google_bigquery_table').filter(([, t]) => t.table_id === 'pipeline_runs');
    expect(tableId).toBe('warehouse-pipeline_runs_30FBA975');
    expect(params.metrics_table).toBe('example-mlops-dev.${google_bigquery_dataset.warehouse_74821550.dataset_id}.${google_bigquery_table.warehouse-pipeline_runs_30FBA975.table_id}');
    expect(table.project).toBe('example-mlops-dev');
    expect(params.dataset_id).toBe('');
    expect(params.dataset_bigquery_source).toBe('');
    // record_run.py's own check of the value, with the references as Terraform would fill them.
    const datasetId = tf.resource.google_bigquery_dataset.warehouse_74821550.dataset_id;
    const filled = params.metrics_table.replace(/\$\{[^}]+\}/g, (ref: string) => (ref.startsWith('${google_bigquery_dataset') ? datasetId : table.table_id));
    expect(filled).toBe('example-mlops-dev.mlops_dev_ingest.pipeline_runs');
    const source = fs.readFileSync(path.join(root, 'assets', 'pipelines', 'components', 'record_run.py'), 'utf8');
    const [, pattern] = /re\.fullmatch\(r"([^"]+)", metrics_table\)/.exec(source)!;
    expect(new RegExp(`^(?:${pattern})$`).test(filled)).toBe(true);
  });

  test('pipeline.trainFrom "dataset" passes the Vertex AI tabular dataset as dataset_id and the ingestion table as its source; a bad value names the choices', () => {
    const tf = JSON.parse(Testing.synth(platformStack('dev', { pipeline: { ...DEFAULT_CONFIGS.dev.pipeline, trainFrom: 'dataset' } })));
    const [[, fn]] = resources(tf, 'google_cloudfunctions2_function');
    const [[datasetId]] = resources(tf, 'google_vertex_ai_dataset');
    const params = JSON.parse(fn.service_config.environment_variables.PIPELINE_PARAMETERS);
    expect(params.dataset_id).toBe(`\${google_vertex_ai_dataset.${datasetId}.name}`);
    // The run attaches the ingestion table as the dataset's source when it has none.
    expect(params.dataset_bigquery_source.replace(/_[0-9A-F]{8}\./g, '.')).toBe(
      'bq://example-mlops-dev.${google_bigquery_dataset.warehouse.dataset_id}.${google_bigquery_table.warehouse-iris.table_id}');
    const filled = params.dataset_bigquery_source.replace(/\$\{google_bigquery_dataset\.[^}]+\}/, tf.resource.google_bigquery_dataset.warehouse_74821550.dataset_id)
      .replace(/\$\{google_bigquery_table\.[^}]+\}/, 'iris');
    expect(filled).toBe('bq://example-mlops-dev.mlops_dev_ingest.iris');
    // The run reads the dataset's source, the ingestion table, as the pipeline account: read on that table only.
    const reads = resources(tf, 'google_bigquery_table_iam_member').filter(([, g]) => /accounts_pipeline_/.test(g.member)).map(([, g]) => [g.role, g.table_id.replace(/_[0-9A-F]{8}\./, '.')]);
    expect(reads.sort()).toEqual([
      ['roles/bigquery.dataEditor', '${google_bigquery_table.warehouse-pipeline_runs.table_id}'],
      ['roles/bigquery.dataViewer', '${google_bigquery_table.warehouse-iris.table_id}'],
    ]);
    expect(DEFAULT_CONFIGS.dev.pipeline.trainFrom).toBe('csv');
    expect(validateConfig({ ...DEFAULT_CONFIGS.dev, pipeline: { accuracyThreshold: 0.9, trainFrom: 'bigquery' } }, 'dev').problems).toEqual([
      "dev: pipeline.trainFrom: 'bigquery' is not a training source; use 'csv' (the new object) or 'dataset' (the Vertex AI tabular dataset)",
    ]);
  });
});
