import { evaluate } from '../../src/guardrails';
import { ALL_ENVIRONMENTS, deref, platformStack, resources, synthEnv, Tf } from '../support/synth';

// Invariants of the data side (network, BigQuery, Dataflow, Feature Store, tabular dataset) on
// every environment's stack, compared with literal values.
const PROJECT_NUMBER: Record<string, string> = { dev: '100000000001', staging: '100000000002', prod: '100000000003' };
const PARTITION_DAYS: Record<string, number> = { dev: 90, staging: 180, prod: 730 };
const DAY_MS = 86_400_000;

function keyClassOf(tf: Tf, ref: string | undefined): string | undefined {
  return ref ? deref(tf, ref)?.config.labels['key-class'] : undefined;
}

/** The logical id of the resource a `${type.id.attr}` reference points at. */
function refId(ref: string): string {
  return /^\$\{[a-z0-9_]+\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(ref)?.[1] ?? ref;
}

function accountId(tf: Tf, purpose: string): string {
  return resources(tf, 'google_service_account').find(([, a]) => a.account_id.endsWith(`-${purpose}`))![0];
}

describe.each(ALL_ENVIRONMENTS)('the data side of the %s stack', (env) => {
  const tf = synthEnv(env);
  const n = PROJECT_NUMBER[env];

  test('one platform network: custom subnets, one europe-west4 subnet 10.20.0.0/24 with Private Google Access', () => {
    const networks = resources(tf, 'google_compute_network');
    expect(networks.map(([, c]) => [c.name, c.auto_create_subnetworks])).toEqual([[`mlops-${env}-network`, false]]);
    const subnets = resources(tf, 'google_compute_subnetwork');
    expect(subnets.map(([, c]) => [c.name, c.region, c.ip_cidr_range, c.private_ip_google_access])).toEqual([
      [`mlops-${env}-network-europe-west4`, 'europe-west4', '10.20.0.0/24', true],
    ]);
    expect(resources(tf, 'google_service_networking_connection')).toHaveLength(1);
    // Google's domains resolve to private.googleapis.com inside the network, the one outside range egress allows.
    const zones = resources(tf, 'google_dns_managed_zone');
    expect(zones.map(([, z]) => [z.dns_name, z.visibility, z.private_visibility_config.networks[0].network_url]).sort()).toEqual(
      ['gcr.io.', 'googleapis.com.', 'pkg.dev.'].map((d) => [d, 'private', `projects/example-mlops-${env}/global/networks/\${google_compute_network.${networks[0][0]}.name}`]),
    );
    const records = resources(tf, 'google_dns_record_set').map(([, r]) => `${r.name} ${r.type} ${r.rrdatas.join(',')}`).sort();
    expect(records).toEqual([
      '*.gcr.io. CNAME gcr.io.', '*.googleapis.com. CNAME private.googleapis.com.', '*.pkg.dev. CNAME pkg.dev.',
      'gcr.io. A 199.36.153.8,199.36.153.9,199.36.153.10,199.36.153.11', 'pkg.dev. A 199.36.153.8,199.36.153.9,199.36.153.10,199.36.153.11',
      'private.googleapis.com. A 199.36.153.8,199.36.153.9,199.36.153.10,199.36.153.11',
    ]);
    // Dataflow workers reach each other on 12345-12346 only, and nothing from outside reaches them.
    const dataflowRule = resources(tf, 'google_compute_firewall').filter(([, c]) => c.direction === 'INGRESS' && c.allow);
    expect(dataflowRule.map(([, c]) => [c.allow, c.source_tags, c.target_tags, c.source_ranges])).toEqual([
      [[{ protocol: 'tcp', ports: ['12345-12346'] }], ['dataflow'], ['dataflow'], undefined],
    ]);
  });

  test('every BigQuery dataset: bigquery key, europe-west4, no access list, contents kept on destroy, partitions expire per config', () => {
    const datasets = resources(tf, 'google_bigquery_dataset');
    expect(datasets).toHaveLength(1);
    for (const [id, d] of datasets) {
      expect({ id, key: keyClassOf(tf, d.default_encryption_configuration?.kms_key_name) }).toEqual({ id, key: 'bigquery' });
      expect(d.location).toBe('europe-west4');
      expect(d.access).toBeUndefined();
      expect(d.delete_contents_on_destroy).toBe(false);
      expect(d.default_partition_expiration_ms).toBe(PARTITION_DAYS[env] * DAY_MS);
      expect(d.dataset_id).toBe(`mlops_${env}_ingest`);
    }
    // Nobody outside the platform: the Composer worker edits, Vertex AI's agent reads for the
    // feature view; the pipeline edits its run rows table only (below), not the dataset.
    const grants = resources(tf, 'google_bigquery_dataset_iam_member').map(([, g]) => `${g.role} ${g.member.replace(/\$\{google_service_account\.accounts_([a-z]+)_[0-9A-F]+\.email\}/, '<$1>')}`).sort();
    expect(grants).toEqual([
      'roles/bigquery.dataEditor serviceAccount:<composer>',
      `roles/bigquery.dataViewer serviceAccount:service-${n}@gcp-sa-aiplatform.iam.gserviceaccount.com`,
    ]);
    expect(resources(tf, 'google_bigquery_dataset_iam_binding')).toHaveLength(0);
    const tableGrants = resources(tf, 'google_bigquery_table_iam_member').map(([, g]) => [g.role, g.member.replace(/\$\{google_service_account\.accounts_([a-z]+)_[0-9A-F]+\.email\}/, '<$1>'), g.table_id]);
    expect(tableGrants).toEqual([['roles/bigquery.dataEditor', 'serviceAccount:<pipeline>', expect.stringMatching(/^\$\{google_bigquery_table\.warehouse-pipeline_runs_[0-9A-F]{8}\.table_id\}$/)]]);
  });

  test('every BigQuery table holds data on the bigquery key, partitioned by day (ingestion, or run_time); the one view holds none', () => {
    const [tables, views] = [
      resources(tf, 'google_bigquery_table').filter(([, t]) => !t.view),
      resources(tf, 'google_bigquery_table').filter(([, t]) => t.view),
    ];
    expect(tables.map(([, t]) => t.table_id)).toEqual(['iris', 'pipeline_runs']);
    for (const [id, t] of tables) {
      expect({ id, key: keyClassOf(tf, t.encryption_configuration?.kms_key_name) }).toEqual({ id, key: 'bigquery' });
      expect(t.deletion_protection).toBe(true);
    }
    const [[, runs]] = tables.filter(([, t]) => t.table_id === 'pipeline_runs');
    expect(runs.time_partitioning).toEqual({ type: 'DAY', field: 'run_time', expiration_ms: PARTITION_DAYS[env] * DAY_MS });
    expect(JSON.parse(runs.schema)).toEqual([
      { name: 'run_id', type: 'STRING', mode: 'REQUIRED' },
      { name: 'run_time', type: 'TIMESTAMP', mode: 'REQUIRED' },
      { name: 'data_uri', type: 'STRING', mode: 'NULLABLE' },
      { name: 'model_type', type: 'STRING', mode: 'NULLABLE' },
      { name: 'accuracy', type: 'FLOAT64', mode: 'REQUIRED' },
      { name: 'accuracy_threshold', type: 'FLOAT64', mode: 'REQUIRED' },
      { name: 'decision', type: 'BOOL', mode: 'REQUIRED' },
      { name: 'reason', type: 'STRING', mode: 'NULLABLE' },
      { name: 'model_version', type: 'STRING', mode: 'NULLABLE' },
    ]);
    expect(tf.output?.bigquery_pipeline_runs_table.value).toMatch(new RegExp(`^example-mlops-${env}\\.\\$\\{google_bigquery_dataset\\.[^}]+\\.dataset_id\\}\\.\\$\\{google_bigquery_table\\.warehouse-pipeline_runs_[0-9A-F]+\\.table_id\\}$`));
    for (const [, t] of tables.filter(([, t]) => t.table_id === 'iris')) {
      expect(t.time_partitioning).toEqual({ type: 'DAY', expiration_ms: PARTITION_DAYS[env] * DAY_MS });
      expect(JSON.parse(t.schema)).toEqual([
        { name: 'sepal_length', type: 'FLOAT64', mode: 'REQUIRED' },
        { name: 'sepal_width', type: 'FLOAT64', mode: 'REQUIRED' },
        { name: 'petal_length', type: 'FLOAT64', mode: 'REQUIRED' },
        { name: 'petal_width', type: 'FLOAT64', mode: 'REQUIRED' },
        { name: 'species', type: 'STRING', mode: 'REQUIRED' },
      ]);
    }
    expect(views.map(([, v]) => [v.table_id, v.view.use_legacy_sql, v.encryption_configuration])).toEqual([['iris_features', false, undefined]]);
    expect(views[0][1].view.query).toContain('AS entity_id');
    expect(views[0][1].view.query).toContain('_PARTITIONTIME AS feature_timestamp');
  });

  test('the Feature Store (not Legacy) online store, in dev only: Bigtable serving in europe-west4, a feature view of the view synced daily', () => {
    expect(resources(tf, 'google_vertex_ai_featurestore')).toHaveLength(0);
    if (env !== 'dev') {
      // Off until the provider can put it on its key; nothing waived then.
      expect(resources(tf, 'google_vertex_ai_feature_online_store')).toHaveLength(0);
      expect(resources(tf, 'google_vertex_ai_feature_online_store_featureview')).toHaveLength(0);
      expect(tf.locals?.guardrail_waivers).toBeUndefined();
      return;
    }
    const stores = resources(tf, 'google_vertex_ai_feature_online_store');
    expect(stores.map(([, s]) => [s.name, s.region, s.bigtable.auto_scaling.min_node_count, s.force_destroy])).toEqual([[`mlops_${env}_features`, 'europe-west4', 1, false]]);
    const views = resources(tf, 'google_vertex_ai_feature_online_store_featureview');
    expect(views.map(([, v]) => [v.name, v.region, v.sync_config.cron, v.big_query_source.entity_id_columns])).toEqual([['iris_latest', 'europe-west4', '0 4 * * *', ['entity_id']]]);
    expect(views[0][1].big_query_source.uri).toMatch(/^bq:\/\/example-mlops-[a-z]+\.\$\{google_bigquery_dataset\.[^}]+\}\.\$\{google_bigquery_table\.feature-source_[0-9A-F]+\.table_id\}$/);
    // Its missing key is a recorded waiver in the stack's output, not a silence.
    expect(tf.locals?.guardrail_waivers).toEqual([{ rule: 'VMC-CMEK-1', path: `mlops-${env}/features/feature-store`, reason: expect.stringContaining('no encryption_spec field in google 6.50.0 nor in google-beta 6.50.0') }]);
  });

  test('the tabular dataset is on the vertex-ai key in europe-west4', () => {
    const datasets = resources(tf, 'google_vertex_ai_dataset');
    expect(datasets).toHaveLength(1);
    const [, d] = datasets[0];
    expect([d.region, d.metadata_schema_uri, keyClassOf(tf, d.encryption_spec.kms_key_name)]).toEqual([
      'europe-west4', 'gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml', 'vertex-ai',
    ]);
    expect(tf.output?.vertex_tabular_dataset.value).toBe(`\${google_vertex_ai_dataset.${datasets[0][0]}.name}`);
  });

  test('the Dataflow worker account holds roles/dataflow.worker and bucket grants, nothing else', () => {
    const worker = accountId(tf, 'dataflow');
    const member = `serviceAccount:\${google_service_account.${worker}.email}`;
    expect(resources(tf, 'google_project_iam_member').filter(([, g]) => g.member === member).map(([, g]) => g.role)).toEqual(['roles/dataflow.worker']);
    const bucketGrants = resources(tf, 'google_storage_bucket_iam_member').filter(([, g]) => g.member === member).map(([, g]) => `${g.role} ${refId(g.bucket).replace(/_[0-9A-F]{8}$/, '')}`).sort();
    expect(bucketGrants).toEqual(['roles/storage.objectUser buckets_features', 'roles/storage.objectUser dataflow_bucket', 'roles/storage.objectViewer buckets_shared-data']);
    for (const type of ['google_bigquery_dataset_iam_member', 'google_kms_crypto_key_iam_member', 'google_service_account_iam_member', 'google_secret_manager_secret_iam_member']) {
      expect({ type, grants: resources(tf, type).filter(([, g]) => g.member === member) }).toEqual({ type, grants: [] });
    }
  });

  test('the Composer worker launches jobs: dataflow.developer and bigquery.jobUser on the project, actAs on the worker account only', () => {
    const composer = accountId(tf, 'composer');
    const member = `serviceAccount:\${google_service_account.${composer}.email}`;
    const roles = resources(tf, 'google_project_iam_member').filter(([, g]) => g.member === member).map(([, g]) => g.role).sort();
    expect(roles).toEqual(['roles/bigquery.jobUser', 'roles/composer.worker', 'roles/dataflow.developer', 'roles/logging.logWriter']);
    const actAs = resources(tf, 'google_service_account_iam_member').filter(([, g]) => g.member === member);
    expect(actAs.map(([, g]) => [g.role, refId(g.service_account_id)])).toEqual([['roles/iam.serviceAccountUser', accountId(tf, 'dataflow')]]);
  });

  test('the dataflow key is granted to the Dataflow and Compute Engine agents; staging and temp sit in a CMEK bucket', () => {
    const dataflowKey = resources(tf, 'google_kms_crypto_key').find(([, k]) => k.labels['key-class'] === 'dataflow')!;
    const members = resources(tf, 'google_kms_crypto_key_iam_member').filter(([, g]) => refId(g.crypto_key_id) === dataflowKey[0]).map(([, g]) => g.member).sort();
    expect(members).toEqual([`serviceAccount:service-${n}@compute-system.iam.gserviceaccount.com`, `serviceAccount:service-${n}@dataflow-service-producer-prod.iam.gserviceaccount.com`]);
    const [[, bucket]] = resources(tf, 'google_storage_bucket').filter(([id]) => id.startsWith('dataflow_bucket'));
    expect([bucket.name, bucket.location, keyClassOf(tf, bucket.encryption.default_kms_key_name)]).toEqual([`mlops-${env}-dataflow`, 'EUROPE-WEST4', 'storage']);
  });

  test('Composer gets every setting the DAG\'s data tasks read, from the resources', () => {
    const env_ = Object.values<any>(tf.resource.google_composer_environment)[0].config.software_config.env_variables;
    expect(env_).toMatchObject({
      BIGQUERY_LOCATION: 'europe-west4',
      DATAFLOW_RUNNER: 'DataflowRunner',
      DATAFLOW_PIPELINE_DIR: '/home/airflow/gcs/data/dataflow',
      DATAFLOW_PROJECT: `example-mlops-${env}`,
      DATAFLOW_REGION: 'europe-west4',
    });
    expect(env_.BIGQUERY_TABLE).toMatch(new RegExp(`^example-mlops-${env}\\.\\$\\{google_bigquery_dataset\\.[^}]+\\.dataset_id\\}\\.\\$\\{google_bigquery_table\\.warehouse-iris_[0-9A-F]+\\.table_id\\}$`));
    expect(env_.DATAFLOW_KMS_KEY).toMatch(/^\$\{google_kms_crypto_key\.keys_dataflow_[0-9A-F]+\.id\}$/);
    expect(env_.DATAFLOW_SUBNETWORK).toMatch(/^\$\{google_compute_subnetwork\.network_subnet_[0-9A-F]+\.self_link\}$/);
    expect(env_.DATAFLOW_SERVICE_ACCOUNT).toMatch(/^\$\{google_service_account\.accounts_dataflow_[0-9A-F]+\.email\}$/);
    expect(env_.DATAFLOW_TEMP_LOCATION).toMatch(/^gs:\/\/\$\{google_storage_bucket\.dataflow_bucket_[0-9A-F]+\.name\}\/temp$/);
    expect(env_.DATAFLOW_STAGING_LOCATION).toMatch(/^gs:\/\/\$\{google_storage_bucket\.dataflow_bucket_[0-9A-F]+\.name\}\/staging$/);
    expect(env_.FEATURES_LOCATION).toMatch(/^gs:\/\/\$\{google_storage_bucket\.buckets_features_[0-9A-F]+\.name\}$/);
  });

  test('the Flex Template spec sits in the Dataflow bucket, named by its content, and Composer names it and its image', () => {
    const templates = resources(tf, 'google_storage_bucket_object').filter(([, o]) => (o.name as string).startsWith('templates/'));
    expect(templates).toHaveLength(1);
    const [[, object]] = templates;
    expect(object.name).toMatch(/^templates\/iris-preprocess-[0-9a-f]{12}\.json$/);
    expect(refId(object.bucket)).toMatch(/^dataflow_bucket_[0-9A-F]{8}$/);
    expect(object.source).toBeUndefined();
    const spec = JSON.parse(object.content);
    const image = `europe-west4-docker.pkg.dev/example-mlops-${env}/mlops-${env}-containers/dataflow:`;
    expect(spec.image.slice(0, image.length)).toBe(image);
    expect(spec.image.slice(image.length)).toMatch(/^[0-9a-f]{16}$/);
    expect(spec.sdkInfo).toEqual({ language: 'PYTHON' });
    expect(spec.metadata.name).toBe('iris-preprocess');
    expect(spec.metadata.parameters.map((p: any) => [p.name, p.isOptional])).toEqual([
      ['input', false], ['features_output', false], ['statistics_output', true], ['schema', true],
    ]);
    expect(spec.metadata.parameters[1].regexes).toEqual(['^gs://[^\\n\\r]+\\.csv$']);
    const env_ = Object.values<any>(tf.resource.google_composer_environment)[0].config.software_config.env_variables;
    expect(env_.DATAFLOW_TEMPLATE).toBe(`gs://\${google_storage_bucket.${refId(object.bucket)}.name}/${object.name}`);
    expect(env_.DATAFLOW_IMAGE).toBe(spec.image);
  });

  test('the Composer account may read the template; the worker account (launcher VM and workers) may pull the image', () => {
    const bucketOf = (id: string) => resources(tf, 'google_storage_bucket_iam_member').filter(([, g]) => refId(g.bucket).startsWith('dataflow_bucket') && g.member === `serviceAccount:\${google_service_account.${id}.email}`).map(([, g]) => g.role);
    expect(bucketOf(accountId(tf, 'composer'))).toEqual(['roles/storage.objectUser']);
    expect(bucketOf(accountId(tf, 'dataflow'))).toEqual(['roles/storage.objectUser']);
    const pulls = resources(tf, 'google_artifact_registry_repository_iam_member')
      .filter(([, g]) => g.member === `serviceAccount:\${google_service_account.${accountId(tf, 'dataflow')}.email}`)
      .map(([, g]) => [g.role, g.location]);
    expect(pulls).toEqual([['roles/artifactregistry.reader', 'europe-west4']]);
  });

  test('the Beam package ships under the Composer bucket\'s data/dataflow/, without its tests', () => {
    const names = resources(tf, 'google_storage_bucket_object').map(([, o]) => o.name as string).filter((name) => name.startsWith('data/dataflow/')).sort();
    expect(names).toEqual([
      'data/dataflow/iris_preprocess/__init__.py',
      'data/dataflow/iris_preprocess/pipeline.py',
      'data/dataflow/iris_preprocess/schema.py',
      'data/dataflow/iris_preprocess/validate.py',
      'data/dataflow/schema/iris.schema.pbtxt',
      'data/dataflow/setup.py',
    ]);
  });
});

test('config turns the Dataflow launch off, the feature store on (with its sync schedule) in prod, and names warehouse readers', () => {
  const { DEFAULT_CONFIGS } = jest.requireActual('../../src/config');
  const stack = platformStack('prod', {
    data: { ...DEFAULT_CONFIGS.prod.data, warehouseReaders: ['group:analysts@example.com'], dataflowPreprocessing: false, featureStore: { enabled: true, syncSchedule: '30 5 * * *' } },
  });
  const { Testing } = jest.requireActual('cdktf');
  const tf: Tf = JSON.parse(Testing.synth(stack));
  expect(resources(tf, 'google_vertex_ai_feature_online_store').map(([, s]) => s.name)).toEqual(['mlops_prod_features']);
  expect(resources(tf, 'google_vertex_ai_feature_online_store_featureview').map(([, v]) => v.sync_config.cron)).toEqual(['30 5 * * *']);
  expect(tf.locals?.guardrail_waivers).toHaveLength(1);
  expect(resources(tf, 'google_bigquery_dataset_iam_member').filter(([, g]) => g.member === 'group:analysts@example.com').map(([, g]) => g.role)).toEqual(['roles/bigquery.dataViewer']);
  const envVars = Object.values<any>(tf.resource.google_composer_environment)[0].config.software_config.env_variables;
  expect(envVars.DATAFLOW_RUNNER).toBeUndefined();
  expect(envVars.DATAFLOW_KMS_KEY).toBeDefined();
  expect(evaluate(stack).findings).toEqual([]);
});
