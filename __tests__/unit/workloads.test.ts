import * as crypto from 'crypto';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import * as YAML from 'yaml';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import {
  BATCH_PREDICTION_WORKFLOW, BatchPredictionSchedule, CmekKey, CmekKeyring, CmekRegistry, ComposerEnv, DEFAULT_CONFIGS, EncryptedBucket,
  KEY_CLASS_AGENTS, MlopsPlatformStack, OBJECT_FINALIZED_EVENT, PIPELINE_FAILED_LOG_FILTER, PlatformMonitoring, PredictionEndpoint,
  VertexPipelineTrigger, WorkloadServiceAccount, evaluate, loadConfigs, serviceAgent, validateConfig, VpcNetwork,
} from '../../src';
import { ALL_ENVIRONMENTS, Tf, deref, platformStack, resources, synthEnv } from '../support/synth';

const root = path.resolve(__dirname, '..', '..');
const DAGS = path.join(root, 'assets', 'dags');
const FUNCTION_DIR = path.join(root, 'assets', 'functions', 'pipeline-trigger');
const COMPILED = path.join(root, 'assets', 'pipelines', 'compiled');
const TEMPLATE = path.join(COMPILED, fs.readdirSync(COMPILED).filter((f) => f.endsWith('.json')).sort()[0]);

const sha12 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
const only = (tf: Tf, type: string) => {
  const all = resources(tf, type);
  expect(all).toHaveLength(1);
  return all[0][1];
};
const keyClassOf = (tf: Tf, ref: string) => deref(tf, ref)?.config.labels['key-class'];
const keyLocationOf = (tf: Tf, ref: string) => deref(tf, deref(tf, ref)!.config.key_ring)!.config.location;
/** Terraform reads `$${` as a literal `${`. */
const unescapeTf = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;
const bucketId = (tf: Tf, purpose: string) => resources(tf, 'google_storage_bucket').find(([, b]) => b.labels.purpose === purpose)![0];

describe.each(ALL_ENVIRONMENTS)('the workloads of the %s stack', (env) => {
  const tf = synthEnv(env);
  const cfg = DEFAULT_CONFIGS[env];

  test('every workload resource is on the key of its class, in its own region', () => {
    const composer = only(tf, 'google_composer_environment');
    const fn = only(tf, 'google_cloudfunctions2_function');
    const endpoint = only(tf, 'google_vertex_ai_endpoint');
    const workflow = only(tf, 'google_workflows_workflow');
    const channel = only(tf, 'google_eventarc_google_channel_config');
    const checks: [string, string, string][] = [
      ['composer environment', composer.config.encryption_config.kms_key_name, 'composer'],
      ['function', fn.kms_key_name, 'functions'],
      ['endpoint', endpoint.encryption_spec.kms_key_name, 'vertex-ai'],
      ['workflow', workflow.crypto_key_name, 'functions'],
      ['event channel', channel.crypto_key_name, 'functions'],
    ];
    for (const [what, key, keyClass] of checks) {
      expect({ what, keyClass: keyClassOf(tf, key), location: keyLocationOf(tf, key) }).toEqual({ what, keyClass, location: cfg.region });
    }
    // Cloud Functions requires its image repository on the function's own key.
    const repo = deref(tf, fn.build_config.docker_repository)!.config;
    expect(repo.kms_key_name).toBe(fn.kms_key_name);
    expect(repo.labels['key-class']).toBe('functions');
    // The batch jobs the workflow creates are on the vertex-ai key.
    expect(keyClassOf(tf, workflow.user_env_vars.KMS_KEY_NAME)).toBe('vertex-ai');
    expect(keyClassOf(tf, fn.service_config.environment_variables.KMS_KEY_NAME)).toBe('vertex-ai');
  });

  test('the workload resources wait for their key grants, and the key is granted to the agents that use it', () => {
    for (const [type, keyOf] of [
      ['google_composer_environment', (r: any) => r.config.encryption_config.kms_key_name],
      ['google_cloudfunctions2_function', (r: any) => r.kms_key_name],
      ['google_vertex_ai_endpoint', (r: any) => r.encryption_spec.kms_key_name],
      ['google_workflows_workflow', (r: any) => r.crypto_key_name],
      ['google_eventarc_google_channel_config', (r: any) => r.crypto_key_name],
      // The runs and jobs they start are encrypted with the vertex-ai key.
      ['google_cloudfunctions2_function', (r: any) => r.service_config.environment_variables.KMS_KEY_NAME],
      ['google_workflows_workflow', (r: any) => r.user_env_vars.KMS_KEY_NAME],
    ] as const) {
      const r = only(tf, type);
      const key = deref(tf, keyOf(r))!;
      const grants = resources(tf, 'google_kms_crypto_key_iam_member').filter(([, g]) => deref(tf, g.crypto_key_id)?.id === key.id);
      expect(grants.length).toBeGreaterThan(0);
      expect(r.depends_on).toEqual(expect.arrayContaining(grants.map(([gid]) => `google_kms_crypto_key_iam_member.${gid}`)));
    }
    expect(KEY_CLASS_AGENTS.functions).toContain('workflows.googleapis.com');
    expect(KEY_CLASS_AGENTS.functions).toContain('eventarc.googleapis.com');
  });

  test('every workload resource is in the EU region of the environment', () => {
    expect(only(tf, 'google_composer_environment').region).toBe(cfg.region);
    expect(only(tf, 'google_cloudfunctions2_function').location).toBe(cfg.region);
    expect(only(tf, 'google_cloudfunctions2_function').event_trigger.trigger_region).toBe(cfg.region);
    expect(only(tf, 'google_vertex_ai_endpoint').location).toBe(cfg.region);
    expect(only(tf, 'google_workflows_workflow').region).toBe(cfg.region);
    expect(only(tf, 'google_cloud_scheduler_job').region).toBe(cfg.region);
    expect(only(tf, 'google_eventarc_google_channel_config').location).toBe(cfg.region);
    for (const [, g] of resources(tf, 'google_cloud_run_v2_service_iam_member')) expect(g.location).toBe(cfg.region);
    expect(only(tf, 'google_cloud_run_v2_service').location).toBe(cfg.region);
    expect(only(tf, 'google_redis_instance').region).toBe(cfg.region);
  });

  test("the function fires on the shared-data bucket's finalized event, as the trigger account, with retries", () => {
    const fn = only(tf, 'google_cloudfunctions2_function');
    const trigger = fn.event_trigger;
    expect(trigger.event_type).toBe(OBJECT_FINALIZED_EVENT);
    expect(trigger.event_filters).toEqual([{ attribute: 'bucket', value: ref('google_storage_bucket', bucketId(tf, 'shared-data'), 'name') }]);
    expect(trigger.retry_policy).toBe('RETRY_POLICY_RETRY');
    const triggerAccount = resources(tf, 'google_service_account').find(([, a]) => a.account_id.endsWith('-trigger'))![0];
    expect(trigger.service_account_email).toBe(ref('google_service_account', triggerAccount, 'email'));
    expect(fn.service_config.service_account_email).toBe(ref('google_service_account', triggerAccount, 'email'));
    expect(fn.service_config.ingress_settings).toBe('ALLOW_INTERNAL_ONLY');
    expect(fn.service_config.max_instance_count).toBeLessThanOrEqual(5);
    expect(fn.build_config).toMatchObject({ runtime: 'nodejs22', entry_point: 'onObjectFinalized' });
    // Eventarc invokes the function's service as the trigger account.
    // The other invoker grant is the web service's (WebServingLayer).
    const [invoker, ...others] = resources(tf, 'google_cloud_run_v2_service_iam_member').map(([, g]) => g).filter((g) => /google_cloudfunctions2_function/.test(g.name));
    expect(others).toEqual([]);
    expect(invoker).toMatchObject({ role: 'roles/run.invoker', member: `serviceAccount:${ref('google_service_account', triggerAccount, 'email')}` });
    expect(invoker.name).toMatch(/^\$\{google_cloudfunctions2_function\.[^.]+\.name\}$/);
    // The Cloud Storage service agent publishes the bucket's events.
    expect(resources(tf, 'google_project_iam_member').map(([, g]) => [g.role, g.member]))
      .toContainEqual(['roles/pubsub.publisher', serviceAgent('storage.googleapis.com', cfg.projectNumber)]);
  });

  test('the function gets every setting it requires, and the pipeline parameters are inputs of the compiled pipeline', () => {
    const envVars = only(tf, 'google_cloudfunctions2_function').service_config.environment_variables;
    const config = fs.readFileSync(path.join(FUNCTION_DIR, 'src', 'config.ts'), 'utf8');
    const required = [...config.matchAll(/require[A-Za-z]+\(env\.([A-Z_]+)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThanOrEqual(5);
    for (const name of required) expect({ name, set: typeof envVars[name] === 'string' && envVars[name].length > 0 }).toEqual({ name, set: true });
    expect(envVars.PROJECT_ID).toBe(cfg.projectId);
    expect(envVars.REGION).toBe(cfg.region);
    expect(envVars.PIPELINE_ROOT).toBe(`gs://${ref('google_storage_bucket', bucketId(tf, 'pipeline-root'), 'name')}`);

    const spec = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
    const inputs: Record<string, { isOptional?: boolean; defaultValue?: unknown }> = spec.root.inputDefinitions.parameters;
    const params = JSON.parse(envVars.PIPELINE_PARAMETERS);
    expect(Object.keys(params).filter((p) => !(p in inputs))).toEqual([]);
    const mandatory = Object.entries(inputs).filter(([, d]) => !d.isOptional && d.defaultValue === undefined).map(([n]) => n);
    expect(mandatory.filter((n) => n !== envVars.DATA_PARAMETER_NAME && !(n in params))).toEqual([]);
    expect(params).toMatchObject({ project: cfg.projectId, location: cfg.region, accuracy_threshold: cfg.pipeline.accuracyThreshold });
    expect(params.endpoint).toBe(tf.output!.prediction_endpoint.value);
    expect(keyClassOf(tf, params.kms_key_name)).toBe('vertex-ai');
  });

  test('the compiled pipeline is uploaded named by its hash, and PIPELINE_TEMPLATE_URI points at it', () => {
    const [objectId, object] = resources(tf, 'google_storage_bucket_object').find(([, o]) => o.name.startsWith('pipelines/'))!;
    expect(object.name).toBe(`pipelines/${path.basename(TEMPLATE, '.json')}-${sha12(TEMPLATE)}.json`);
    const storage = bucketId(tf, 'pipeline-storage');
    expect(object.bucket).toBe(ref('google_storage_bucket', storage, 'name'));
    const uri = only(tf, 'google_cloudfunctions2_function').service_config.environment_variables.PIPELINE_TEMPLATE_URI;
    expect(uri).toBe(`gs://${ref('google_storage_bucket', storage, 'name')}/${ref('google_storage_bucket_object', objectId, 'name')}`);
    expect(tf.output!.pipeline_template_uri.value).toBe(uri);
  });

  test('the function source is uploaded as an archive named by its content hash, without node_modules or build output', () => {
    const fn = only(tf, 'google_cloudfunctions2_function');
    const source = deref(tf, fn.build_config.source.storage_source.object)!.config;
    expect(source.name).toMatch(/^functions\/pipeline-trigger-[0-9a-f]{12}\.zip$/);
    expect(source.bucket).toBe(ref('google_storage_bucket', bucketId(tf, 'functions-source'), 'name'));
    expect(fn.build_config.source.storage_source.bucket).toBe(source.bucket);
  });

  test('DAG files are uploaded into the Composer bucket named by their content hash; their packages keep their import names', () => {
    const composerBucket = ref('google_storage_bucket', bucketId(tf, 'composer'), 'name');
    const objects = resources(tf, 'google_storage_bucket_object').filter(([, o]) => o.bucket === composerBucket).map(([, o]) => o.name).sort();
    const dagFiles = fs.readdirSync(DAGS).filter((f) => f.endsWith('.py') && f !== 'conftest.py' && !f.startsWith('test_'));
    expect(dagFiles.length).toBeGreaterThan(0);
    for (const f of dagFiles) expect(objects).toContain(`dags/${path.basename(f, '.py')}-${sha12(path.join(DAGS, f))}.py`);
    const packages = fs.readdirSync(DAGS, { withFileTypes: true }).filter((d) => d.isDirectory() && fs.existsSync(path.join(DAGS, d.name, '__init__.py')));
    for (const pkg of packages) {
      for (const f of fs.readdirSync(path.join(DAGS, pkg.name)).filter((n) => !n.endsWith('.pyc') && n !== '__pycache__')) {
        expect(objects).toContain(`dags/${pkg.name}/${f}`);
      }
    }
    expect(objects.filter((o) => /tests\/|conftest|\/test_/.test(o))).toEqual([]);
    expect(only(tf, 'google_composer_environment').storage_config.bucket).toBe(composerBucket);
  });

  test('the Composer environment: Composer 3 image and size from config, the worker account, variables naming the three buckets', () => {
    const c = only(tf, 'google_composer_environment');
    expect(c.config.software_config.image_version).toBe(cfg.composer.imageVersion);
    expect(c.config.environment_size).toBe(cfg.composer.environmentSize);
    const worker = resources(tf, 'google_service_account').find(([, a]) => a.account_id.endsWith('-composer'))![0];
    expect(c.config.node_config.service_account).toBe(ref('google_service_account', worker, 'email'));
    const vars = c.config.software_config.env_variables;
    expect(vars).toMatchObject({
      PIPELINE_SHARED_DATA_BUCKET: ref('google_storage_bucket', bucketId(tf, 'shared-data'), 'name'),
      PIPELINE_ROOT_BUCKET: ref('google_storage_bucket', bucketId(tf, 'pipeline-root'), 'name'),
      PIPELINE_STORAGE_BUCKET: ref('google_storage_bucket', bucketId(tf, 'pipeline-storage'), 'name'),
      INGEST_SOURCE_URI: cfg.composer.ingestSourceUri,
      INGEST_SCHEDULE: cfg.composer.ingestSchedule,
    });
    // The names the DAG reads (mlops_ingest/config.py) are the names the environment sets.
    const dagConfig = fs.readFileSync(path.join(DAGS, 'mlops_ingest', 'config.py'), 'utf8');
    expect(dagConfig).toContain('"PIPELINE_SHARED_DATA_BUCKET"');
    expect(dagConfig).toContain('"INGEST_SOURCE_URI"');
    // Composer 3 binds the worker with the agent's ServiceAgentV2Ext role.
    expect(resources(tf, 'google_service_account_iam_member').map(([, g]) => [g.role, g.member, g.service_account_id]))
      .toContainEqual(['roles/composer.ServiceAgentV2Ext', serviceAgent('composer.googleapis.com', cfg.projectNumber), ref('google_service_account', worker, 'name')]);
  });

  test('the endpoint: a stable numeric id, its full name in the outputs, the serving account exposed', () => {
    const e = only(tf, 'google_vertex_ai_endpoint');
    expect(e.name).toMatch(/^[1-9]\d{9}$/);
    expect(tf.output!.prediction_endpoint_id.value).toBe(e.name);
    expect(tf.output!.prediction_endpoint.value).toBe(`projects/${cfg.projectId}/locations/${cfg.region}/endpoints/${e.name}`);
    expect(e.network).toBeUndefined();
    const stack = platformStack(env);
    expect(stack.serving.endpoint.servingAccount).toBe(stack.accounts.serving);
  });

  test('batch prediction: the schedule from config starts the workflow, which creates an encrypted job from the shared-data bucket into the pipeline-root bucket', () => {
    const job = only(tf, 'google_cloud_scheduler_job');
    const wf = only(tf, 'google_workflows_workflow');
    const [wfId] = resources(tf, 'google_workflows_workflow')[0];
    const batch = resources(tf, 'google_service_account').find(([, a]) => a.account_id.endsWith('-batch'))![0];
    expect(job).toMatchObject({ schedule: cfg.serving.batchPredictionSchedule, time_zone: cfg.serving.timeZone });
    expect(job.http_target).toMatchObject({
      http_method: 'POST',
      uri: `https://workflowexecutions.googleapis.com/v1/${ref('google_workflows_workflow', wfId, 'id')}/executions`,
      oauth_token: { service_account_email: ref('google_service_account', batch, 'email') },
    });
    expect(JSON.parse(Buffer.from(job.http_target.body, 'base64').toString())).toEqual({ argument: '{}', callLogLevel: 'LOG_ERRORS_ONLY' });
    expect(wf.service_account).toBe(ref('google_service_account', batch, 'email'));
    expect(unescapeTf(wf.source_contents)).toBe(BATCH_PREDICTION_WORKFLOW);
    const steps = JSON.stringify(YAML.parse(BATCH_PREDICTION_WORKFLOW));
    expect(steps).toContain('googleapis.aiplatform.v1.projects.locations.batchPredictionJobs.create');
    expect(steps).toContain('encryptionSpec');
    expect(wf.user_env_vars).toMatchObject({
      ENDPOINT: tf.output!.prediction_endpoint.value,
      INPUT_URIS: `gs://${ref('google_storage_bucket', bucketId(tf, 'shared-data'), 'name')}/batch-input/*.jsonl`,
      OUTPUT_URI_PREFIX: `gs://${ref('google_storage_bucket', bucketId(tf, 'pipeline-root'), 'name')}/batch-predictions`,
      MACHINE_TYPE: cfg.serving.machineType,
      JOB_SERVICE_ACCOUNT: ref('google_service_account', batch, 'email'),
    });
    // Least privilege: the batch account's project roles are exactly these.
    const roles = resources(tf, 'google_project_iam_member').filter(([, g]) => g.member === `serviceAccount:${ref('google_service_account', batch, 'email')}`).map(([, g]) => g.role).sort();
    expect(roles).toEqual(['roles/aiplatform.user', 'roles/logging.logWriter', 'roles/workflows.invoker']);
  });

  test('alert policies for failed pipelines, trigger errors, endpoint error rate and latency, failed batch runs; all notify the e-mail channel', () => {
    const channel = resources(tf, 'google_monitoring_notification_channel');
    expect(channel).toHaveLength(1);
    const [channelId, ch] = channel[0];
    expect(ch).toMatchObject({ type: 'email', labels: { email_address: cfg.notificationEmail } });
    const policies = resources(tf, 'google_monitoring_alert_policy').map(([, p]) => p);
    for (const p of policies) expect(p.notification_channels).toEqual([ref('google_monitoring_notification_channel', channelId, 'name')]);
    const conditions = policies.flatMap((p) => p.conditions.map((c: any) => ({ policy: p, c })));
    const logMatch = (needle: string) => conditions.find(({ c }) => c.condition_matched_log?.filter.includes(needle));
    const metric = (needle: string) => conditions.find(({ c }) => c.condition_threshold?.filter.includes(needle));

    const pipeline = logMatch('aiplatform.googleapis.com/PipelineJob');
    expect(pipeline?.c.condition_matched_log.filter).toBe(PIPELINE_FAILED_LOG_FILTER);
    const fnErrors = logMatch('cloud_run_revision');
    expect(fnErrors?.c.condition_matched_log.filter).toContain('severity>=ERROR');
    expect(fnErrors?.c.condition_matched_log.filter).toMatch(/resource\.labels\.service_name="\$\{google_cloudfunctions2_function\.[^.]+\.name\}"/);
    // Log-match conditions need a notification rate limit.
    for (const hit of [pipeline!, fnErrors!]) expect(hit.policy.alert_strategy.notification_rate_limit.period).toMatch(/^\d+s$/);

    const endpointId = only(tf, 'google_vertex_ai_endpoint').name;
    const errors = metric('prediction/online/error_count');
    expect(errors?.c.condition_threshold).toMatchObject({ comparison: 'COMPARISON_GT', threshold_value: cfg.serving.errorRateAlertThreshold });
    expect(errors?.c.condition_threshold.filter).toContain(`resource.labels.endpoint_id="${endpointId}"`);
    expect(errors?.c.condition_threshold.denominator_filter).toContain('prediction/online/prediction_count');
    const latency = metric('prediction/online/prediction_latencies');
    expect(latency?.c.condition_threshold).toMatchObject({ comparison: 'COMPARISON_GT', threshold_value: cfg.serving.latencyAlertThresholdMs });
    expect(latency?.c.condition_threshold.filter).toContain('resource.type="aiplatform.googleapis.com/Endpoint"');
    expect(metric('workflows.googleapis.com/finished_execution_count')?.c.condition_threshold.filter).toContain('metric.labels.status="FAILED"');
  });

  test('the new outputs', () => {
    expect(Object.keys(tf.output ?? {})).toEqual(expect.arrayContaining([
      'composer_environment', 'composer_dags_uri', 'pipeline_trigger_function', 'pipeline_template_uri', 'prediction_endpoint_id',
      'prediction_endpoint', 'batch_prediction_workflow', 'service_account_batch', 'service_account_function_build',
    ]));
    expect(tf.output!.composer_dags_uri.value).toBe(`gs://${ref('google_storage_bucket', bucketId(tf, 'composer'), 'name')}/dags`);
  });
});

test('the function archive is reproducible and ships the bundle, its package.json and lockfile only', () => {
  const synthTo = () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-workloads-'));
    const app = new App({ outdir, stackTraces: false });
    new MlopsPlatformStack(app, 'mlops-dev', { config: DEFAULT_CONFIGS.dev, backend: 'local' });
    app.synth();
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'mlops-dev', 'cdk.tf.json'), 'utf8'));
    const archive = Object.values(tf.resource.google_storage_bucket_object as Record<string, any>).find((o) => o.name.endsWith('.zip'));
    return { outdir, zip: path.join(outdir, 'stacks', 'mlops-dev', archive.source as string) };
  };
  const a = synthTo();
  const b = synthTo();
  try {
    expect(fs.readFileSync(a.zip).equals(fs.readFileSync(b.zip))).toBe(true);
    const listing = execFileSync('unzip', ['-Z1', a.zip]).toString().split('\n').filter((l) => l && !l.endsWith('/')).sort();
    expect(listing).toEqual(['index.js', 'package-lock.json', 'package.json']);
  } finally {
    for (const d of [a.outdir, b.outdir]) fs.rmSync(d, { recursive: true, force: true });
  }
}, 120000);

/** The project every test resource is created in. */
const P = { project: 'acme-ml-dev', projectNumber: '123456789012' };

describe('bad props are refused with the construct, the prop and the fix', () => {
  function setup(location = 'europe-west4') {
    const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'test');
    const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location, name: 'ring' });
    const keys = new Map<string, CmekKey>();
    const key = (keyClass: ConstructorParameters<typeof CmekKey>[2]['keyClass']) => {
      if (!keys.has(keyClass)) keys.set(keyClass, new CmekKey(stack, `key-${keyClass}`, { keyring, keyClass }));
      return keys.get(keyClass)!;
    };
    const sa = (purpose: string) => new WorkloadServiceAccount(stack, `sa-${purpose}`, { project: 'acme-ml-dev', accountId: `acme-d-${purpose}`, displayName: purpose });
    const bucket = (purpose: string) => new EncryptedBucket(stack, purpose, { ...P, name: `acme-ml-dev-${purpose}`, encryptionKey: key('storage') });
    return { stack, key, sa, bucket };
  }

  test('ComposerEnv: a vertex-ai key where the composer key is needed', () => {
    const { stack, key, sa, bucket } = setup();
    expect(() => new ComposerEnv(stack, 'composer', {
      ...P,
      name: 'acme-dev-composer', encryptionKey: key('vertex-ai'), serviceAccount: sa('composer'), bucket: bucket('composer-bucket'), imageVersion: 'composer-3-airflow-3.1.7',
    })).toThrow("ComposerEnv 'test/composer' encryptionKey: key 'test/key-vertex-ai' is a 'vertex-ai' key; each resource class has its own key, so pass the 'composer' key");
  });

  test('ComposerEnv: a region outside the EU, a Composer 2 image, an Airflow setting passed as a variable', () => {
    const { stack, key, sa, bucket } = setup();
    const base = { ...P, name: 'acme-dev-composer', encryptionKey: key('composer'), serviceAccount: sa('composer'), bucket: bucket('composer-bucket'), imageVersion: 'composer-3-airflow-3.1.7' };
    expect(() => new ComposerEnv(stack, 'c1', { ...P, ...base, region: 'us-central1' })).toThrow("ComposerEnv 'test/c1': region 'us-central1' is not allowed: data must stay in the EU; use one of");
    expect(() => new ComposerEnv(stack, 'c2', { ...P, ...base, imageVersion: 'composer-2.9.7-airflow-2.9.3' })).toThrow("ComposerEnv 'test/c2': imageVersion: 'composer-2.9.7-airflow-2.9.3' is not a Cloud Composer 3 image");
    expect(() => new ComposerEnv(stack, 'c3', { ...P, ...base, environmentVariables: { AIRFLOW__CORE__PARALLELISM: '4' } })).toThrow("ComposerEnv 'test/c3': environmentVariables key 'AIRFLOW__CORE__PARALLELISM' is an Airflow setting");
    expect(() => new ComposerEnv(stack, 'c4', { ...P, ...base, dagsDirectory: path.join(root, 'no-such-folder') })).toThrow(/ComposerEnv 'test\/c4': dagsDirectory '.*no-such-folder' is not a folder/);
  });

  test('ComposerEnv: a bucket with a retention policy', () => {
    const { stack, key, sa } = setup();
    const locked = new EncryptedBucket(stack, 'locked', { ...P, name: 'acme-ml-dev-locked', encryptionKey: key('storage'), versioned: false, retentionSeconds: 86400 });
    expect(() => new ComposerEnv(stack, 'composer', {
      ...P,
      name: 'acme-dev-composer', encryptionKey: key('composer'), serviceAccount: sa('composer'), bucket: locked, imageVersion: 'composer-3-airflow-3.1.7',
    })).toThrow("ComposerEnv 'test/composer': bucket 'test/locked' has a retention policy");
  });

  function triggerProps(s: ReturnType<typeof setup>, overrides: Partial<ConstructorParameters<typeof VertexPipelineTrigger>[2]> = {}) {
    const functions = s.key('functions');
    return {
      ...P,
      functionName: 'acme-dev-trigger',
      encryptionKey: functions,
      imageRepository: new CmekRegistry(s.stack, 'images', { ...P, repositoryId: 'fn-images', encryptionKey: functions, keyClass: 'functions' }),
      sourceBucket: s.bucket('source'),
      sourceDirectory: FUNCTION_DIR,
      watchedBucket: s.bucket('shared'),
      serviceAccount: s.sa('trigger'),
      buildServiceAccount: s.sa('builder'),
      pipelineTemplateFile: TEMPLATE,
      pipelineTemplateBucket: s.bucket('templates'),
      pipelineRootBucket: s.bucket('root'),
      pipelineEncryptionKey: s.key('vertex-ai'),
      pipelineServiceAccount: s.sa('pipeline'),
      ...overrides,
    };
  }

  test('VertexPipelineTrigger: a storage key for the function, an image repository on another key, an unknown pipeline parameter', () => {
    const s = setup();
    expect(() => new VertexPipelineTrigger(s.stack, 't1', triggerProps(s, { encryptionKey: s.key('storage') }))).toThrow(
      "VertexPipelineTrigger 'test/t1' encryptionKey: key 'test/key-storage' is a 'storage' key; each resource class has its own key, so pass the 'functions' key",
    );
    const s2 = setup();
    const registry = new CmekRegistry(s2.stack, 'registry', { ...P, repositoryId: 'images', encryptionKey: s2.key('artifact-registry') });
    expect(() => new VertexPipelineTrigger(s2.stack, 't2', triggerProps(s2, { imageRepository: registry }))).toThrow(
      "VertexPipelineTrigger 'test/t2': imageRepository 'test/registry' is encrypted with 'test/key-artifact-registry', not the function's key 'test/key-functions'",
    );
    const s3 = setup();
    expect(() => new VertexPipelineTrigger(s3.stack, 't3', triggerProps(s3, { pipelineParameters: { acuracy_threshold: 0.8 } }))).toThrow(
      /VertexPipelineTrigger 'test\/t3': pipelineParameters\['acuracy_threshold'\] is not an input of the pipeline in '.*'; its inputs are: .*accuracy_threshold/,
    );
    const s4 = setup();
    expect(() => new VertexPipelineTrigger(s4.stack, 't4', triggerProps(s4, { pipelineTemplateFile: path.join(COMPILED, 'missing.json') }))).toThrow(
      /VertexPipelineTrigger 'test\/t4': pipelineTemplateFile '.*missing\.json' does not exist/,
    );
  });

  test('VertexPipelineTrigger: a region outside the EU', () => {
    const s = setup();
    expect(() => new VertexPipelineTrigger(s.stack, 't', triggerProps(s, { region: 'us-east1' }))).toThrow(
      "VertexPipelineTrigger 'test/t': region 'us-east1' is not allowed: data must stay in the EU",
    );
  });

  test('CmekRegistry: a functions-class repository needs the functions key', () => {
    const s = setup();
    expect(() => new CmekRegistry(s.stack, 'images', { ...P, repositoryId: 'fn-images', encryptionKey: s.key('artifact-registry'), keyClass: 'functions' })).toThrow(
      "CmekRegistry 'test/images' encryptionKey: key 'test/key-artifact-registry' is a 'artifact-registry' key; each resource class has its own key, so pass the 'functions' key",
    );
  });

  test('PredictionEndpoint: a composer key, a region outside the EU, a malformed id', () => {
    const s = setup();
    const serving = s.sa('serving');
    expect(() => new PredictionEndpoint(s.stack, 'e1', { ...P, displayName: 'e', encryptionKey: s.key('composer'), servingAccount: serving })).toThrow(
      "PredictionEndpoint 'test/e1' encryptionKey: key 'test/key-composer' is a 'composer' key; each resource class has its own key, so pass the 'vertex-ai' key",
    );
    const vertex = s.key('vertex-ai');
    expect(() => new PredictionEndpoint(s.stack, 'e2', { ...P, displayName: 'e', encryptionKey: vertex, servingAccount: serving, region: 'asia-east1' })).toThrow(
      "PredictionEndpoint 'test/e2': region 'asia-east1' is not allowed: data must stay in the EU",
    );
    expect(() => new PredictionEndpoint(s.stack, 'e3', { ...P, displayName: 'e', encryptionKey: vertex, servingAccount: serving, endpointId: '0123' })).toThrow(
      "PredictionEndpoint 'test/e3': endpointId '0123' is invalid",
    );
    expect(() => new PredictionEndpoint(s.stack, 'e4', { ...P, displayName: 'e', encryptionKey: vertex, servingAccount: serving, network: VpcNetwork.fromNetworkName(s.stack, 'net', 'projects/acme-ml-dev/global/networks/vpc') })).toThrow(
      "PredictionEndpoint 'test/e4': network 'projects/acme-ml-dev/global/networks/vpc' is not named by project number",
    );
  });

  test('BatchPredictionSchedule: a vertex-ai key for the workflow, input outside the input bucket, a bad cron, an unknown time zone', () => {
    const s = setup();
    const endpoint = new PredictionEndpoint(s.stack, 'endpoint', { ...P, displayName: 'e', encryptionKey: s.key('vertex-ai'), servingAccount: s.sa('serving') });
    const functions = s.key('functions');
    const base = {
      ...P,
      name: 'acme-dev-batch', encryptionKey: functions, jobEncryptionKey: endpoint.encryptionKey, serviceAccount: s.sa('batch'), endpoint,
      inputBucket: s.bucket('in'), outputBucket: s.bucket('out'), schedule: '0 5 * * *',
    };
    expect(() => new BatchPredictionSchedule(s.stack, 'b1', { ...base, encryptionKey: endpoint.encryptionKey })).toThrow(
      "BatchPredictionSchedule 'test/b1' encryptionKey: key 'test/key-vertex-ai' is a 'vertex-ai' key; each resource class has its own key, so pass the 'functions' key",
    );
    expect(() => new BatchPredictionSchedule(s.stack, 'b2', { ...base, inputUris: ['gs://someone-elses-bucket/x.jsonl'] })).toThrow(
      "BatchPredictionSchedule 'test/b2': inputUris holds 'gs://someone-elses-bucket/x.jsonl', which is not an object (or wildcard) in inputBucket 'test/in'",
    );
    expect(() => new BatchPredictionSchedule(s.stack, 'b3', { ...base, schedule: 'daily' })).toThrow(
      "BatchPredictionSchedule 'test/b3': schedule 'daily' is not a 5-field cron expression",
    );
    expect(() => new BatchPredictionSchedule(s.stack, 'b4', { ...base, timeZone: 'Europe/Amsterdamm' })).toThrow(
      "BatchPredictionSchedule 'test/b4': timeZone 'Europe/Amsterdamm' is not a known time zone; use an IANA time zone name such as 'Europe/Amsterdam' or 'Etc/UTC'",
    );
  });

  test('PlatformMonitoring: not an e-mail, an error-rate threshold that is not a share', () => {
    const s = setup();
    expect(() => new PlatformMonitoring(s.stack, 'm1', { project: 'acme-ml-dev', displayNamePrefix: 'acme', notificationEmail: 'ops' })).toThrow(
      "PlatformMonitoring 'test/m1': notificationEmail 'ops' is not an e-mail address; write it like 'ml-oncall@example.com'",
    );
    expect(() => new PlatformMonitoring(s.stack, 'm2', { project: 'acme-ml-dev', displayNamePrefix: 'acme', notificationEmail: 'ops@example.com', endpointErrorRateThreshold: 5 })).toThrow(
      "PlatformMonitoring 'test/m2': endpointErrorRateThreshold 5 must be a share between 0 and 1",
    );
  });

  test('the stack names the missing compiled pipeline', () => {
    expect(() => new MlopsPlatformStack(Testing.app(), 'mlops-dev', {
      config: DEFAULT_CONFIGS.dev, backend: 'local', pipelineTemplateFile: path.join(COMPILED, 'nope.json'),
    })).toThrow(/pipelineTemplateFile '.*nope\.json' does not exist; compile the pipeline first/);
  });
});

describe('VMC-CMEK-2 accepts a repository on the functions key only as the labelled function-image repository', () => {
  function repoStack(labels: Record<string, string> | undefined, keyClass: 'functions' | 'storage') {
    const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'test');
    const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
    const key = new CmekKey(stack, 'key', { keyring, keyClass });
    new ArtifactRegistryRepository(stack, 'repo', { repositoryId: 'r', location: 'europe-west4', format: 'DOCKER', kmsKeyName: key.keyName, labels });
    return evaluate(stack).findings.filter((f) => f.ruleId === 'VMC-CMEK-2');
  }
  test('no label: the functions key is refused', () => {
    expect(repoStack(undefined, 'functions')).toEqual([expect.objectContaining({ path: 'test/repo', problem: expect.stringContaining("of class 'functions', not 'artifact-registry'") })]);
  });
  test('the label does not open the door to any other class', () => {
    expect(repoStack({ 'key-class': 'functions' }, 'storage')).toEqual([expect.objectContaining({ problem: expect.stringContaining("of class 'storage', not 'functions'") })]);
  });
  test('the labelled repository on the functions key passes', () => {
    expect(repoStack({ 'key-class': 'functions' }, 'functions')).toEqual([]);
  });
});

describe('workload settings in the environment config', () => {
  test('the ingest source must be something the DAG reads: https:// or gs://bucket/object, not bq://', () => {
    const { problems } = validateConfig({ ...DEFAULT_CONFIGS.dev, composer: { ...DEFAULT_CONFIGS.dev.composer, ingestSourceUri: 'bq://p.d.t' } }, 'dev');
    expect(problems).toEqual(["dev: composer.ingestSourceUri: 'bq://p.d.t' is not a source the ingestion DAG reads; use an https:// CSV URL or a gs://bucket/object (export BigQuery tables to gs:// first)"]);
  });
  test('alert thresholds are checked and can be overridden per environment', () => {
    const bad = validateConfig({ ...DEFAULT_CONFIGS.dev, serving: { ...DEFAULT_CONFIGS.dev.serving, errorRateAlertThreshold: 5 } }, 'dev');
    expect(bad.problems).toEqual(['dev: serving.errorRateAlertThreshold: error-rate alert threshold 5 must be a share between 0 and 1 (exclusive), e.g. 0.05 for 5%']);
    const [prod] = loadConfigs({ env: { VMLOPS_PROD_SERVING__LATENCY_ALERT_THRESHOLD_MS: '250' }, environments: ['prod'] });
    expect(prod.serving.latencyAlertThresholdMs).toBe(250);
  });
  test('the default Composer image runs Airflow 3, which the DAG is written for', () => {
    for (const env of ALL_ENVIRONMENTS) expect(DEFAULT_CONFIGS[env].composer.imageVersion).toMatch(/^composer-3-airflow-3\./);
    expect(fs.readFileSync(path.join(DAGS, 'ingest_daily.py'), 'utf8')).toContain('from airflow.sdk import');
  });
});
