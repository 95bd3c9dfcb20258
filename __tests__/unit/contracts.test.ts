import * as fs from 'fs';
import * as path from 'path';
import { DAG_ENVIRONMENT, PIPELINE_PARAMETERS } from '../../src/layers/contracts';
import { synthEnv, resources } from '../support/synth';

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
      'accuracy_threshold', 'data_uri', 'endpoint', 'kms_key_name', 'location', 'machine_type', 'pipeline_service_account',
      'prediction_image', 'project', 'serving_service_account', 'training_image', 'tuning_image', 'validation_image',
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
      ['accuracy_threshold', 'endpoint', 'kms_key_name', 'location', 'machine_type', 'pipeline_service_account', 'prediction_image',
        'project', 'serving_service_account', 'training_image', 'tuning_image', 'validation_image'],
    );
  });
});
