import * as child from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import {
  BigQueryDataset, BigQueryTable, BigQueryView, bigQuerySchemaOf, CmekKey, CmekKeyring, CmekRegistry, DataflowEnvironment, evaluate, FeatureOnlineStore,
  ingestionContractFile, loadContract, loadRunRowsTable, PlatformNetwork, runRowsSchemaFile, PrivateGoogleApisDns, VertexTabularDataset, VpcNetwork, WorkloadServiceAccount,
} from '../../src';
import { NetworkLayer } from '../../src/layers/network';
import { privateCidrProblem } from '../../src/rules';
import { Tf, resources } from '../support/synth';

const P = { project: 'acme-ml-dev', projectNumber: '123456789012' };

function setup() {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'test');
  const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
  const key = (keyClass: ConstructorParameters<typeof CmekKey>[2]['keyClass'], id: string = keyClass) => new CmekKey(stack, id, { keyring, keyClass });
  return { stack, keyring, key };
}
/** Synthesized JSON with the hash suffixes of logical ids dropped, so tests read `google_kms_crypto_key.bigquery`. */
const synth = (stack: TerraformStack): Tf => JSON.parse(Testing.synth(stack).replace(/_[0-9A-F]{8}\b/g, ''));
const only = (tf: Tf, type: string) => {
  const all = resources(tf, type);
  expect(all).toHaveLength(1);
  return all[0][1];
};

describe('BigQueryDataset', () => {
  test('EU location from the key, CMEK default, expirations in ms, contents kept, waits for the BigQuery agent grant', () => {
    const { stack, key } = setup();
    new BigQueryDataset(stack, 'ds', { ...P, datasetId: 'acme_dev_ingest', encryptionKey: key('bigquery'), defaultTableExpirationDays: 30, defaultPartitionExpirationDays: 90 });
    const tf = synth(stack);
    const d = only(tf, 'google_bigquery_dataset');
    expect(d).toMatchObject({
      dataset_id: 'acme_dev_ingest', location: 'europe-west4', delete_contents_on_destroy: false,
      default_table_expiration_ms: 2592000000, default_partition_expiration_ms: 7776000000,
      default_encryption_configuration: { kms_key_name: '${google_kms_crypto_key.bigquery.id}' },
      depends_on: ['google_kms_crypto_key_iam_member.bigquery_agent-bigquery-123456789012'],
    });
    expect(d.access).toBeUndefined();
    expect(only(tf, 'google_kms_crypto_key_iam_member').member).toBe('serviceAccount:bq-123456789012@bigquery-encryption.iam.gserviceaccount.com');
  });

  test('a location other than the key\'s (the EU multi-region needs a key in KMS location eu) and a US location are refused', () => {
    const { stack: s2, key } = setup();
    expect(() => new BigQueryDataset(s2, 'multi', { ...P, datasetId: 'multi', encryptionKey: key('bigquery'), location: 'EU' })).toThrow(
      "BigQueryDataset 'test/multi' encryptionKey: key 'test/bigquery' is in 'europe-west4' but the resource is in 'EU'; CMEK keys must be in the resource's location",
    );
    expect(() => new BigQueryDataset(s2, 'us', { ...P, datasetId: 'us_data', encryptionKey: s2.node.findChild('bigquery') as CmekKey, location: 'US' })).toThrow(
      "BigQueryDataset 'test/us': location 'US' is not allowed: data must stay in the EU",
    );
  });

  test('refuses a key of another class, a hyphenated id, and a fractional expiration, naming each', () => {
    const { stack, key } = setup();
    expect(() => new BigQueryDataset(stack, 'a', { ...P, datasetId: 'ok', encryptionKey: key('storage') })).toThrow(
      "BigQueryDataset 'test/a' encryptionKey: key 'test/storage' is a 'storage' key; each resource class has its own key, so pass the 'bigquery' key",
    );
    expect(() => new BigQueryDataset(stack, 'b', { ...P, datasetId: 'acme-dev', encryptionKey: key('bigquery') })).toThrow(
      "BigQueryDataset 'test/b': datasetId 'acme-dev' is invalid: BigQuery ids take 1-1024 letters, digits and underscores (no hyphens)",
    );
    expect(() => new BigQueryDataset(stack, 'c', { ...P, datasetId: 'ok2', encryptionKey: key('bigquery', 'bq2'), defaultPartitionExpirationDays: 0.5 })).toThrow(
      "BigQueryDataset 'test/c': defaultPartitionExpirationDays 0.5 is not a whole number of days of at least 1; e.g. 90, or leave it unset for no expiry",
    );
  });

  test('readers through the shared IAM interface; public principals refused in every path', () => {
    const { stack, key } = setup();
    const sa = new WorkloadServiceAccount(stack, 'sa', { project: 'acme-ml-dev', accountId: 'acme-d-reader', displayName: 'Reader' });
    const ds = new BigQueryDataset(stack, 'ds', {
      ...P, datasetId: 'd', encryptionKey: key('bigquery'),
      iamBindingsAdditive: { analysts: { role: 'roles/bigquery.dataViewer', member: 'group:analysts@acme.example' } },
    });
    ds.grantRead(sa);
    ds.grantWrite('user:etl@acme.example');
    const grants = resources(synth(stack), 'google_bigquery_dataset_iam_member').map(([, g]) => `${g.role} ${g.member}`).sort();
    expect(grants).toEqual([
      'roles/bigquery.dataEditor user:etl@acme.example',
      'roles/bigquery.dataViewer group:analysts@acme.example',
      'roles/bigquery.dataViewer serviceAccount:${google_service_account.sa.email}',
    ]);
    expect(() => ds.grantRead('allUsers')).toThrow(/'allUsers'.*everyone|public/i);
    expect(() => new BigQueryDataset(stack, 'pub', { ...P, datasetId: 'p', encryptionKey: key('bigquery', 'k2'), iam: { 'roles/bigquery.dataViewer': ['allAuthenticatedUsers'] } })).toThrow(/allAuthenticatedUsers/);
  });

  test('fromDatasetId imports without creating; grants work on it', () => {
    const { stack } = setup();
    const ds = BigQueryDataset.fromDatasetId(stack, 'imp', { project: 'acme-ml-dev', datasetId: 'existing', location: 'europe-west1' });
    ds.grantRead('group:ml@acme.example');
    const tf = synth(stack);
    expect(resources(tf, 'google_bigquery_dataset')).toHaveLength(0);
    expect(only(tf, 'google_bigquery_dataset_iam_member')).toMatchObject({ dataset_id: 'existing', project: 'acme-ml-dev', role: 'roles/bigquery.dataViewer' });
    expect(() => BigQueryDataset.fromDatasetId(stack, 'us', { project: 'acme-ml-dev', datasetId: 'x', location: 'us-central1' })).toThrow(/location 'us-central1' is not allowed/);
  });

  test('a project-level grant of a dataset role is refused and points at the dataset', () => {
    const { stack } = setup();
    const sa = new WorkloadServiceAccount(stack, 'sa', { project: 'acme-ml-dev', accountId: 'acme-d-loader', displayName: 'Loader' });
    expect(() => sa.addProjectRole('roles/bigquery.dataEditor')).toThrow("'roles/bigquery.dataEditor' would reach every resource of its kind in the project; bind it on the one resource with BigQueryDataset.grantWrite(account)");
  });
});

describe('BigQueryTable and BigQueryView', () => {
  function dataset() {
    const s = setup();
    const ds = new BigQueryDataset(s.stack, 'ds', { ...P, datasetId: 'd', encryptionKey: s.key('bigquery') });
    return { ...s, ds, bq: s.stack.node.findChild('bigquery') as CmekKey };
  }

  test('schema, ingestion-day partitions with their expiry, CMEK, deletion protection, waits for the dataset', () => {
    const { stack, ds, bq } = dataset();
    const t = new BigQueryTable(stack, 't', {
      dataset: ds, projectNumber: P.projectNumber, tableId: 'rows', encryptionKey: bq,
      schema: [{ name: 'a', type: 'FLOAT64', mode: 'REQUIRED' }, { name: 'b', type: 'STRING' }],
      partitioning: { type: 'DAY', expirationDays: 30 }, requirePartitionFilter: true, clustering: ['b'],
    });
    const r = only(synth(stack), 'google_bigquery_table');
    expect(r).toMatchObject({
      table_id: 'rows', deletion_protection: true, require_partition_filter: true, clustering: ['b'],
      time_partitioning: { type: 'DAY', expiration_ms: 2592000000 },
      encryption_configuration: { kms_key_name: '${google_kms_crypto_key.bigquery.id}' },
      depends_on: ['google_bigquery_dataset.ds', 'google_kms_crypto_key_iam_member.bigquery_agent-bigquery-123456789012'],
    });
    expect(JSON.parse(r.schema)).toEqual([{ name: 'a', type: 'FLOAT64', mode: 'REQUIRED' }, { name: 'b', type: 'STRING', mode: 'NULLABLE' }]);
    expect(t.tableId).toBe('rows');
    new TerraformOutput(stack, 'uri', { value: t.bigQueryUri });
    expect(synth(stack).output!.uri.value).toBe('bq://acme-ml-dev.${google_bigquery_dataset.ds.dataset_id}.${google_bigquery_table.t.table_id}');
  });

  test('collects every problem of the props in one error', () => {
    const { stack, ds, bq } = dataset();
    expect(() => new BigQueryTable(stack, 'bad', {
      dataset: ds, projectNumber: P.projectNumber, tableId: 'bad-id', encryptionKey: bq,
      schema: [{ name: 'a', type: 'INT64' }, { name: 'A', type: 'INT64' }],
      partitioning: { type: 'DAY', field: 'day', expirationDays: 0 },
    })).toThrow(
      "BigQueryTable 'test/bad': tableId 'bad-id' is invalid: BigQuery ids take 1-1024 letters, digits and underscores (no hyphens); " +
      "schema[1].name 'A' is listed twice; BigQuery column names are case-insensitive; " +
      "partitioning.field 'day' is not a column of the schema; name a DATE or TIMESTAMP column, or leave it unset to partition by ingestion time; " +
      'partitioning.expirationDays 0 is not a whole number of days of at least 1; e.g. 90',
    );
  });

  test('a table on a key in another location than its dataset is refused', () => {
    const { stack, ds } = dataset();
    const ring1 = new CmekKeyring(stack, 'ring1', { project: 'acme-ml-dev', location: 'europe-west1', name: 'r1' });
    const other = new CmekKey(stack, 'other', { keyring: ring1, keyClass: 'bigquery' });
    expect(() => new BigQueryTable(stack, 'x', { dataset: ds, projectNumber: P.projectNumber, tableId: 'x', encryptionKey: other, schema: [{ name: 'a', type: 'INT64' }] })).toThrow(
      "BigQueryTable 'test/x': encryptionKey: key 'test/other' is in 'europe-west1' but the resource is in 'europe-west4'; CMEK keys must be in the resource's location",
    );
  });

  test('grants on a table are on that table only, through the shared IAM interface; public principals refused', () => {
    const { stack, ds, bq } = dataset();
    const sa = new WorkloadServiceAccount(stack, 'sa', { project: 'acme-ml-dev', accountId: 'acme-d-runner', displayName: 'Runner' });
    const t = new BigQueryTable(stack, 'runs', { dataset: ds, projectNumber: P.projectNumber, tableId: 'runs', schema: [{ name: 'run_id', type: 'STRING' }], encryptionKey: bq });
    t.grantWrite(sa);
    t.grantRead('group:analysts@acme.example');
    const tf = synth(stack);
    expect(resources(tf, 'google_bigquery_table_iam_member').map(([, g]) => [g.role, g.member, g.project, g.dataset_id, g.table_id]).sort()).toEqual([
      ['roles/bigquery.dataEditor', 'serviceAccount:${google_service_account.sa.email}', 'acme-ml-dev', '${google_bigquery_dataset.ds.dataset_id}', '${google_bigquery_table.runs.table_id}'],
      ['roles/bigquery.dataViewer', 'group:analysts@acme.example', 'acme-ml-dev', '${google_bigquery_dataset.ds.dataset_id}', '${google_bigquery_table.runs.table_id}'],
    ]);
    expect(resources(tf, 'google_bigquery_dataset_iam_member')).toHaveLength(0);
    expect(() => t.grantWrite('allUsers')).toThrow(/'allUsers'.*everyone|public/i);
    expect(evaluate(stack).findings).toEqual([]);
  });

  test('a view holds its GoogleSQL query only, no key, and passes the CMEK guardrails', () => {
    const { stack, ds } = dataset();
    new BigQueryView(stack, 'v', { dataset: ds, viewId: 'v1', query: 'SELECT 1 AS one' });
    const r = only(synth(stack), 'google_bigquery_table');
    expect(r.view).toEqual({ query: 'SELECT 1 AS one', use_legacy_sql: false });
    expect(r.encryption_configuration).toBeUndefined();
    expect(evaluate(stack).findings.filter((f) => f.ruleId.startsWith('VMC-CMEK'))).toEqual([]);
    expect(() => new BigQueryView(stack, 'e', { dataset: ds, viewId: 'v2', query: '  ' })).toThrow("BigQueryView 'test/e': query is empty; give the GoogleSQL SELECT the view runs");
  });
});

describe('the ingestion table schema comes from the data contract', () => {
  const contract = loadContract();

  test('the contract file is the DAG\'s, and the derived schema is its columns, REQUIRED, in order', () => {
    expect(ingestionContractFile()).toBe(path.resolve(__dirname, '..', '..', 'assets', 'dags', 'mlops_ingest', 'iris.schema.json'));
    expect(bigQuerySchemaOf(contract)).toEqual([
      { name: 'sepal_length', type: 'FLOAT64', mode: 'REQUIRED' },
      { name: 'sepal_width', type: 'FLOAT64', mode: 'REQUIRED' },
      { name: 'petal_length', type: 'FLOAT64', mode: 'REQUIRED' },
      { name: 'petal_width', type: 'FLOAT64', mode: 'REQUIRED' },
      { name: 'species', type: 'STRING', mode: 'REQUIRED' },
    ]);
  });

  test('equals the schema the DAG\'s load job states (mlops_ingest/warehouse.py schema_fields, run by Python)', () => {
    const script = 'import json, sys; sys.path.insert(0, "assets/dags"); from mlops_ingest import warehouse; '
      + 'print(json.dumps(warehouse.schema_fields(json.load(open("assets/dags/mlops_ingest/iris.schema.json")))))';
    const out = child.execFileSync('python3', ['-c', script], { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8' });
    expect(bigQuerySchemaOf(contract)).toEqual(JSON.parse(out));
  });

  test('a contract type without a BigQuery type is refused, naming the column', () => {
    expect(() => bigQuerySchemaOf({ name: 'c', label: 'x', columns: [{ name: 'when', type: 'datetime' }] })).toThrow(
      "data contract 'c': columns[0] 'when' has type 'datetime', which has no BigQuery type here; use one of float, int, string",
    );
  });
});

describe('the pipeline_runs table schema comes from the pipeline\'s run rows', () => {
  test('the schema file ships with the package and names the table', () => {
    expect(runRowsSchemaFile()).toBe(path.resolve(__dirname, '..', '..', 'assets', 'looker', 'pipeline_runs.schema.json'));
    expect(loadRunRowsTable().table).toBe('pipeline_runs');
  });

  test('equals the columns record_run.py writes (RUN_COLUMNS, read by Python)', () => {
    const script = 'import ast, json; tree = ast.parse(open("assets/pipelines/components/record_run.py").read()); '
      + '[cols] = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "RUN_COLUMNS"]; '
      + 'print(json.dumps([{"name": n, "type": t, "mode": m} for n, t, m in cols]))';
    const out = child.execFileSync('python3', ['-c', script], { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8' });
    expect(loadRunRowsTable().schema).toEqual(JSON.parse(out));
  });

  test('a column without a mode is refused, naming the file and the column', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-schema-'));
    const file = path.join(dir, 'runs.json');
    fs.writeFileSync(file, JSON.stringify({ table: 'runs', columns: [{ name: 'run_id', type: 'STRING' }] }));
    expect(() => loadRunRowsTable(file)).toThrow(`run rows schema '${file}': columns[0] {"name":"run_id","type":"STRING"} needs a name, a type and a mode (one of NULLABLE, REQUIRED, REPEATED)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('NetworkLayer and PlatformNetwork.allowIngressWithinSubnet', () => {
  test('one network named from the prefix, the subnet range and private service range given', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    const layer = new NetworkLayer(stack, 'network', { ...P, naming: { prefix: 'acme', environment: 'dev' }, region: 'europe-west1', subnetRange: '10.40.0.0/22', privateServiceRange: '10.50.0.0/20' });
    const tf = synth(stack);
    expect(only(tf, 'google_compute_network').name).toBe('acme-dev-network');
    expect(only(tf, 'google_compute_subnetwork')).toMatchObject({ region: 'europe-west1', ip_cidr_range: '10.40.0.0/22', private_ip_google_access: true });
    expect(only(tf, 'google_compute_global_address')).toMatchObject({ address: '10.50.0.0', prefix_length: 20 });
    expect(layer.network.subnetRange).toBe('10.40.0.0/22');
  });

  test('an ingress opening needs target tags and admits only tagged machines', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    const net = new PlatformNetwork(stack, 'n', { project: 'acme-ml-dev', name: 'acme-dev-network', region: 'europe-west4' });
    expect(() => net.allowIngressWithinSubnet('open', { protocol: 'tcp', targetTags: [] })).toThrow(
      "PlatformNetwork 't/n' allowIngressWithinSubnet('open'): targetTags is empty, which would open the ports on every machine of the subnet; name the tags of the machines that need them",
    );
    net.allowIngressWithinSubnet('w', { protocol: 'tcp', ports: ['12345-12346'], targetTags: ['dataflow'] });
    const rule = resources(synth(stack), 'google_compute_firewall').find(([id]) => id === 'n_allow-w')![1];
    expect(rule).toMatchObject({ direction: 'INGRESS', priority: 1000, source_tags: ['dataflow'], target_tags: ['dataflow'], allow: [{ protocol: 'tcp', ports: ['12345-12346'] }] });
    expect(rule.source_ranges).toBeUndefined();
  });

  test('private zones send Google\'s API and registry domains to private.googleapis.com, inside the one network', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    new PrivateGoogleApisDns(stack, 'dns', { project: 'acme-ml-dev', network: VpcNetwork.fromNetworkName(stack, 'vpc', 'projects/acme-ml-dev/global/networks/ml'), namePrefix: 'acme-dev-network' });
    const tf = synth(stack);
    expect(resources(tf, 'google_dns_managed_zone').map(([, z]) => [z.name, z.dns_name, z.visibility, z.private_visibility_config]).sort()).toEqual([
      ['acme-dev-network-gcr-io', 'gcr.io.', 'private', { networks: [{ network_url: 'projects/acme-ml-dev/global/networks/ml' }] }],
      ['acme-dev-network-googleapis-com', 'googleapis.com.', 'private', { networks: [{ network_url: 'projects/acme-ml-dev/global/networks/ml' }] }],
      ['acme-dev-network-pkg-dev', 'pkg.dev.', 'private', { networks: [{ network_url: 'projects/acme-ml-dev/global/networks/ml' }] }],
    ]);
    const api = resources(tf, 'google_dns_record_set').filter(([, r]) => r.managed_zone === '${google_dns_managed_zone.dns_googleapis-com.name}').map(([, r]) => [r.name, r.type, r.rrdatas]);
    expect(api).toEqual([
      ['private.googleapis.com.', 'A', ['199.36.153.8', '199.36.153.9', '199.36.153.10', '199.36.153.11']],
      ['*.googleapis.com.', 'CNAME', ['private.googleapis.com.']],
    ]);
    expect(() => new PrivateGoogleApisDns(stack, 'bad', { project: 'p', network: VpcNetwork.fromNetworkName(stack, 'vpc2', 'projects/p/global/networks/n'), namePrefix: 'Acme_Dev' })).toThrow(
      "PrivateGoogleApisDns 't/bad': zone name 'Acme_Dev-googleapis-com' is invalid; use a namePrefix of lowercase letters, digits and hyphens, starting with a letter, so the name stays within 63 characters",
    );
  });

  test('network ranges: private RFC 1918 blocks only, named in the message', () => {
    expect(privateCidrProblem('10.20.0.0/24')).toBeUndefined();
    expect(privateCidrProblem('192.168.10.0/24')).toBeUndefined();
    expect(privateCidrProblem('8.8.8.0/24')).toBe("'8.8.8.0/24' is not private address space; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
    expect(privateCidrProblem('10.20.0.1/24')).toBe("'10.20.0.1/24' has host bits set; the block starts at 10.20.0.0/24");
    expect(privateCidrProblem('10.20.0.0')).toBe("'10.20.0.0' is not an IPv4 CIDR block; write it like '10.20.0.0/24'");
    expect(privateCidrProblem('10.0.0.0/30')).toBe("'10.0.0.0/30' is a /30; use a prefix length from /8 to /29");
  });
});

describe('DataflowEnvironment', () => {
  function env() {
    const { stack, key } = setup();
    const network = new PlatformNetwork(stack, 'net', { project: 'acme-ml-dev', name: 'acme-dev-network', region: 'europe-west4' });
    const worker = new WorkloadServiceAccount(stack, 'worker', { project: 'acme-ml-dev', accountId: 'acme-d-dataflow', displayName: 'Dataflow worker' });
    const launcher = new WorkloadServiceAccount(stack, 'launcher', { project: 'acme-ml-dev', accountId: 'acme-d-composer', displayName: 'Composer' });
    const df = new DataflowEnvironment(stack, 'df', { ...P, encryptionKey: key('dataflow'), storageKey: key('storage'), bucketName: 'acme-dev-dataflow', workerAccount: worker, network });
    return { stack, df, worker, launcher, key, network };
  }

  test('key granted to the Dataflow and Compute Engine agents, CMEK bucket, worker role, firewall, pipeline options', () => {
    const { stack, df } = env();
    const tf = synth(stack);
    const dataflowGrants = resources(tf, 'google_kms_crypto_key_iam_member').filter(([, g]) => g.crypto_key_id === '${google_kms_crypto_key.dataflow.id}').map(([, g]) => g.member).sort();
    expect(dataflowGrants).toEqual([
      'serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@dataflow-service-producer-prod.iam.gserviceaccount.com',
    ]);
    expect(only(tf, 'google_storage_bucket')).toMatchObject({ name: 'acme-dev-dataflow', location: 'EUROPE-WEST4', encryption: { default_kms_key_name: '${google_kms_crypto_key.storage.id}' } });
    expect(only(tf, 'google_project_iam_member')).toMatchObject({ role: 'roles/dataflow.worker', member: 'serviceAccount:${google_service_account.worker.email}' });
    expect(only(tf, 'google_storage_bucket_iam_member')).toMatchObject({ role: 'roles/storage.objectUser', member: 'serviceAccount:${google_service_account.worker.email}' });
    new TerraformOutput(stack, 'options', { value: df.pipelineOptions });
    expect(synth(stack).output!.options.value).toEqual({
      project: 'acme-ml-dev', region: 'europe-west4',
      service_account_email: '${google_service_account.worker.email}',
      temp_location: 'gs://${google_storage_bucket.df_bucket.name}/temp',
      staging_location: 'gs://${google_storage_bucket.df_bucket.name}/staging',
      dataflow_kms_key: '${google_kms_crypto_key.dataflow.id}',
      subnetwork: '${google_compute_subnetwork.net_subnet.self_link}',
    });
  });

  test('grantLaunch: dataflow.developer on the project, actAs on the worker only, read-write on the bucket', () => {
    const { stack, df, launcher } = env();
    df.grantLaunch(launcher);
    const tf = synth(stack);
    const launcherMember = 'serviceAccount:${google_service_account.launcher.email}';
    expect(resources(tf, 'google_project_iam_member').filter(([, g]) => g.member === launcherMember).map(([, g]) => g.role)).toEqual(['roles/dataflow.developer']);
    expect(resources(tf, 'google_service_account_iam_member').map(([, g]) => [g.service_account_id, g.role, g.member])).toEqual([
      ['${google_service_account.worker.name}', 'roles/iam.serviceAccountUser', launcherMember],
    ]);
    expect(resources(tf, 'google_storage_bucket_iam_member').filter(([, g]) => g.member === launcherMember).map(([, g]) => g.role)).toEqual(['roles/storage.objectUser']);
  });

  test('addFlexTemplate: a content-named Python spec in the bucket, pull on the registry for the worker account only', () => {
    const { stack, df } = env();
    const registry = CmekRegistry.fromRepository(stack, 'reg', { project: 'acme-ml-dev', location: 'europe-west4', repositoryId: 'acme-dev-containers' });
    const template = df.addFlexTemplate('pre', {
      image: 'europe-west4-docker.pkg.dev/acme-ml-dev/acme-dev-containers/dataflow:0123456789abcdef', registry,
      name: 'iris-preprocess', description: 'd', parameters: [{ name: 'input', label: 'In', helpText: 'h', regexes: ['^gs://.+$'] }, { name: 'schema', label: 'S', helpText: 'h', isOptional: true }],
    });
    const tf = synth(stack);
    const object = only(tf, 'google_storage_bucket_object');
    expect(JSON.parse(object.content)).toEqual({
      image: 'europe-west4-docker.pkg.dev/acme-ml-dev/acme-dev-containers/dataflow:0123456789abcdef',
      sdkInfo: { language: 'PYTHON' },
      metadata: {
        name: 'iris-preprocess', description: 'd',
        parameters: [{ name: 'input', label: 'In', helpText: 'h', isOptional: false, regexes: ['^gs://.+$'] }, { name: 'schema', label: 'S', helpText: 'h', isOptional: true }],
      },
    });
    const sha = require('crypto').createHash('sha256').update(object.content).digest('hex').slice(0, 12);
    expect(object.name).toBe(`templates/iris-preprocess-${sha}.json`);
    expect(object.bucket).toBe('${google_storage_bucket.df_bucket.name}');
    new TerraformOutput(stack, 'spec', { value: template.specPath });
    expect(synth(stack).output!.spec.value).toBe(`gs://\${google_storage_bucket.df_bucket.name}/templates/iris-preprocess-${sha}.json`);
    expect(resources(tf, 'google_artifact_registry_repository_iam_member').map(([, g]) => [g.repository, g.role, g.member])).toEqual([
      ['acme-dev-containers', 'roles/artifactregistry.reader', 'serviceAccount:${google_service_account.worker.email}'],
    ]);
  });

  test('addFlexTemplate refuses an image outside the registry, an untagged one and a bad name', () => {
    const { stack, df } = env();
    const registry = CmekRegistry.fromRepository(stack, 'reg', { project: 'acme-ml-dev', location: 'europe-west4', repositoryId: 'acme-dev-containers' });
    const props = { registry, name: 'iris-preprocess', description: 'd', parameters: [] };
    expect(() => df.addFlexTemplate('a', { ...props, image: 'docker.io/library/python:3.11' })).toThrow(
      "DataflowEnvironment 'test/df' addFlexTemplate('a'): image 'docker.io/library/python:3.11' is not a tagged image of the registry europe-west4-docker.pkg.dev/acme-ml-dev/acme-dev-containers; name it <registry url>/<image>:<tag>",
    );
    expect(() => df.addFlexTemplate('b', { ...props, image: 'europe-west4-docker.pkg.dev/acme-ml-dev/acme-dev-containers/dataflow' })).toThrow(/is not a tagged image of the registry/);
    expect(() => df.addFlexTemplate('c', { ...props, name: 'Iris_Preprocess', image: 'europe-west4-docker.pkg.dev/acme-ml-dev/acme-dev-containers/dataflow:1' })).toThrow(
      "name 'Iris_Preprocess' must be lowercase letters, digits and '-', starting with a letter (e.g. iris-preprocess)",
    );
  });

  test('a key of another class, or a region other than the subnet\'s, is refused', () => {
    const { stack, key, network } = env();
    const worker = WorkloadServiceAccount.fromEmail(stack, 'w2', 'acme-d-df2@acme-ml-dev.iam.gserviceaccount.com');
    expect(() => new DataflowEnvironment(stack, 'bad', { ...P, encryptionKey: key('vertex-ai'), storageKey: stack.node.findChild('storage') as CmekKey, bucketName: 'acme-dev-df2', workerAccount: worker, network })).toThrow(
      "DataflowEnvironment 'test/bad' encryptionKey: key 'test/vertex-ai' is a 'vertex-ai' key; each resource class has its own key, so pass the 'dataflow' key",
    );
    expect(() => new DataflowEnvironment(stack, 'far', { ...P, encryptionKey: stack.node.findChild('dataflow') as CmekKey, storageKey: stack.node.findChild('storage') as CmekKey, bucketName: 'acme-dev-df3', workerAccount: worker, network, region: 'europe-west1' })).toThrow(
      "DataflowEnvironment 'test/far': region 'europe-west1' differs from the subnet's region 'europe-west4'; workers must run in the subnet's region",
    );
  });
});

describe('FeatureOnlineStore and VertexTabularDataset', () => {
  test('Bigtable serving in the EU, a feature view with its sync schedule; the missing key is reported until waived', () => {
    const { stack } = setup();
    const store = new FeatureOnlineStore(stack, 'fs', { project: 'acme-ml-dev', name: 'acme_dev_features', region: 'europe-west4', maxNodeCount: 2 });
    store.addBigQueryView('v', { name: 'rows_latest', bigQueryUri: 'bq://acme-ml-dev.d.rows', entityIdColumns: ['entity_id'], syncSchedule: '0 4 * * *' });
    const tf = synth(stack);
    expect(only(tf, 'google_vertex_ai_feature_online_store')).toMatchObject({
      name: 'acme_dev_features', region: 'europe-west4', force_destroy: false,
      bigtable: { auto_scaling: { min_node_count: 1, max_node_count: 2, cpu_utilization_target: 50 } },
    });
    expect(only(tf, 'google_vertex_ai_feature_online_store_featureview')).toMatchObject({
      name: 'rows_latest', region: 'europe-west4', feature_online_store: '${google_vertex_ai_feature_online_store.fs.name}',
      big_query_source: { uri: 'bq://acme-ml-dev.d.rows', entity_id_columns: ['entity_id'] }, sync_config: { cron: '0 4 * * *' },
    });
    expect(evaluate(stack).findings.filter((f) => f.ruleId === 'VMC-CMEK-1').map((f) => `${f.path}: ${f.problem}`)).toEqual([
      "test/fs/Resource: google_vertex_ai_feature_online_store cannot be given a customer-managed key with the pinned provider: the Vertex AI API's FeatureOnlineStore.encryptionSpec (Bigtable online serving only) has no encryption_spec field in google 6.50.0 nor in google-beta 6.50.0",
    ]);
  });

  test('names, regions, node counts and schedules are checked, naming the prop', () => {
    const { stack } = setup();
    expect(() => new FeatureOnlineStore(stack, 'a', { project: 'p', name: 'acme-dev', region: 'europe-west4' })).toThrow(
      "FeatureOnlineStore 'test/a': name 'acme-dev' is invalid: use up to 60 lowercase letters, digits and underscores, starting with a letter or underscore (no hyphens)",
    );
    expect(() => new FeatureOnlineStore(stack, 'b', { project: 'p', name: 'ok', region: 'us-central1' })).toThrow("FeatureOnlineStore 'test/b': region 'us-central1' is not allowed");
    expect(() => new FeatureOnlineStore(stack, 'c', { project: 'p', name: 'ok', region: 'europe-west4', minNodeCount: 1, maxNodeCount: 11 })).toThrow(
      "FeatureOnlineStore 'test/c': maxNodeCount 11 must be a whole number from minNodeCount (1) to ten times it (10)",
    );
    const store = new FeatureOnlineStore(stack, 'd', { project: 'p', name: 'ok', region: 'europe-west4' });
    expect(() => store.addBigQueryView('v', { name: 'v', bigQueryUri: 'acme.d.t', entityIdColumns: [], syncSchedule: 'daily' })).toThrow(
      "FeatureOnlineStore 'test/d' addBigQueryView('v'): bigQueryUri 'acme.d.t' is not 'bq://project.dataset.table'; entityIdColumns is empty; name the column that identifies an entity; syncSchedule: 'daily' is not a 5-field cron expression; write it like '0 3 * * *' (03:00 daily)",
    );
  });

  test('the tabular dataset: vertex-ai key, its region, the tabular metadata schema, waits for the agent grant', () => {
    const { stack, key } = setup();
    const ds = new VertexTabularDataset(stack, 'td', { ...P, displayName: 'acme-dev-rows', encryptionKey: key('vertex-ai') });
    expect(only(synth(stack), 'google_vertex_ai_dataset')).toMatchObject({
      region: 'europe-west4', display_name: 'acme-dev-rows',
      metadata_schema_uri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml',
      encryption_spec: { kms_key_name: '${google_kms_crypto_key.vertex-ai.id}' },
      depends_on: ['google_kms_crypto_key_iam_member.vertex-ai_agent-aiplatform-123456789012'],
    });
    new TerraformOutput(stack, 'name', { value: ds.datasetName });
    expect(synth(stack).output!.name.value).toBe('${google_vertex_ai_dataset.td.name}');
    expect(() => new VertexTabularDataset(stack, 'x', { ...P, displayName: 'x', encryptionKey: key('bigquery') })).toThrow(/is a 'bigquery' key; each resource class has its own key, so pass the 'vertex-ai' key/);
  });
});
