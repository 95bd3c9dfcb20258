import * as child from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { COMPOSER_DATA_MOUNT } from '../../src/layers/ingestion';
import { platformStack, Tf } from '../support/synth';

// What Composer's workers see: the objects the dev stack uploads to `data/dataflow/`, laid out
// under a stand-in for the mount, then read by the DAG's own launcher code (plain python3: the
// launcher and the package's argument parsing import nothing beyond the standard library).
const root = path.resolve(__dirname, '..', '..');
let mount: string;
let env: Record<string, string>;

beforeAll(() => {
  const outdir = Testing.fullSynth(platformStack('dev'));
  const stackDir = path.join(outdir, 'stacks', 'mlops-dev');
  const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as Tf;
  mount = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-composer-'));
  for (const o of Object.values(tf.resource.google_storage_bucket_object)) {
    if (!String(o.name).startsWith('data/')) continue;
    const target = path.join(mount, o.name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(stackDir, o.source), target);
  }
  // Values only known at apply are stand-ins; the mount path is this test's folder.
  const raw = Object.values<any>(tf.resource.google_composer_environment)[0].config.software_config.env_variables as Record<string, string>;
  env = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.replace(COMPOSER_DATA_MOUNT, path.join(mount, 'data')).replace(/\$\{[^}]+\}/g, 'x')]));
});

afterAll(() => fs.rmSync(mount, { recursive: true, force: true }));

test('the DAG\'s launcher resolves a DataflowRunner launch from the stack\'s settings: the shipped template, the registry image, the locked-down environment', () => {
  const script = [
    'import json, os, sys',
    'sys.path.insert(0, "assets/dags")',
    'from pathlib import Path',
    'from mlops_ingest import preprocessing',
    'launch = preprocessing.resolve(variable=lambda name: None, environ=json.loads(sys.argv[1]))',
    'body = launch.flex.body("gs://in/data.csv", "gs://out/data.csv", "2025-06-01")["launchParameter"]',
    'print(json.dumps({"runner": launch.runner, "dir": launch.pipeline_dir, "package": Path(launch.pipeline_dir, "iris_preprocess").is_dir(),',
    '  "template": body["containerSpecGcsPath"], "job": body["jobName"], "parameters": body["parameters"], "environment": body["environment"]}))',
  ].join('\n');
  const out = JSON.parse(child.execFileSync('python3', ['-c', script, JSON.stringify(env)], { cwd: root, encoding: 'utf8' }));
  expect(out).toEqual({
    runner: 'DataflowRunner',
    dir: path.join(mount, 'data', 'dataflow'),
    package: true,
    template: expect.stringMatching(/^gs:\/\/x\/templates\/iris-preprocess-[0-9a-f]{12}\.json$/),
    job: 'iris-preprocess-20250601',
    parameters: { input: 'gs://in/data.csv', features_output: 'gs://out/data.csv' },
    environment: {
      serviceAccountEmail: 'x',
      tempLocation: 'gs://x/temp',
      stagingLocation: 'gs://x/staging',
      kmsKeyName: 'x',
      subnetwork: 'x',
      ipConfiguration: 'WORKER_IP_PRIVATE',
      sdkContainerImage: expect.stringMatching(/^europe-west4-docker\.pkg\.dev\/example-mlops-dev\/mlops-dev-containers\/dataflow:[0-9a-f]{16}$/),
    },
  });
});

test('the shipped package imports from the mounted folder, and its default schema is the shipped one', () => {
  const dir = path.join(mount, 'data', 'dataflow');
  const schema = child.execFileSync('python3', ['-c', 'from iris_preprocess import schema; print(schema.SCHEMA_PATH)'], { cwd: dir, encoding: 'utf8' }).trim();
  expect(schema).toBe(path.join(fs.realpathSync(dir), 'schema', 'iris.schema.pbtxt'));
  expect(fs.readFileSync(schema, 'utf8')).toBe(fs.readFileSync(path.join(root, 'assets', 'dataflow', 'schema', 'iris.schema.pbtxt'), 'utf8'));
});
