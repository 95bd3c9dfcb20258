import * as path from 'path';
import { Testing, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  CmekKey, CmekKeyring, CmekLogBucket, CmekRegistry, DataAccessAuditLogs, EncryptedBucket, EncryptedSecret, EncryptedTopic, Layer,
  LookerInstance, PlatformDeployer, PlatformNetwork, PredictionEndpoint, ProjectOrgPolicies, VpcNetwork, WebLoadBalancer, WorkbenchInstance, WorkloadServiceAccount,
  BigQueryDataset, BigQueryTable, BigQueryView, DataflowEnvironment, FeatureOnlineStore, PrivateGoogleApisDns, VertexTabularDataset,
} from '../../src';
import { platformStack } from '../support/synth';

/**
 * Content hashes of shipped files (DAGs, the compiled pipeline, the function archive) and the
 * content tags of the container images change
 * with every workload edit; the workloads tests check them exactly. Masked here, so that a
 * snapshot changes only when what gets deployed changes shape.
 */
function maskContentHashes(json: string): string {
  return json
    .replace(/(assets\/[^"/]+\/)[0-9A-Fa-f]{32}\//g, '$1<hash>/')
    .replace(/-[0-9a-f]{12}(\.(py|json|zip))"/g, '-<sha12>$1"')
    .replace(/\/(training|tuning|prediction|web):[0-9a-f]{16}\b/g, '/$1:<tag>');
}

/** The synthesized resources created under `scope`, by type and address, hashes masked. */
function resourcesUnder(stack: TerraformStack, scope: IConstruct): Record<string, Record<string, unknown>> {
  const tf = JSON.parse(maskContentHashes(Testing.synth(stack))) as { resource: Record<string, Record<string, unknown>> };
  const out: Record<string, Record<string, unknown>> = {};
  for (const r of scope.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))) {
    const id = stack.getLogicalId(r);
    (out[r.terraformResourceType] ??= {})[id] = tf.resource[r.terraformResourceType][id];
  }
  return out;
}

test('masking leaves everything but content hashes alone', () => {
  const json = '{"name":"dags/ingest_daily-bd1e3d6e0f75.py","source":"assets/x_ABC/D16DBF52A9FC7623946FFE0471F14BA6/a.py","member":"serviceAccount:bq-100000000001@x"}';
  expect(maskContentHashes(json)).toBe('{"name":"dags/ingest_daily-<sha12>.py","source":"assets/x_ABC/<hash>/a.py","member":"serviceAccount:bq-100000000001@x"}');
});

// One snapshot per layer of the dev stack: a diff is a reviewable change of what that layer
// deploys. The other environments differ in values only, which the invariant tests check.
describe('each layer of the dev stack', () => {
  const stack = platformStack('dev');
  const layers = stack.node.children.filter((c): c is Layer => Layer.isLayer(c));
  test('the stack is made of the eleven layers', () => {
    expect(layers.map((l) => l.node.id)).toEqual(['foundation', 'network', 'data', 'cicd', 'serving', 'ingestion', 'features', 'training', 'web', 'observability', 'governance']);
  });
  test.each(['foundation', 'network', 'data', 'cicd', 'serving', 'ingestion', 'features', 'training', 'web', 'observability', 'governance'])('%s matches its snapshot', (id) => {
    expect(resourcesUnder(stack, stack.node.findChild(id))).toMatchSnapshot();
  });
});

// Off by default, so its layer has a snapshot of its own: the dev stack with Workbench switched on.
test('the workbench layer of the dev stack, switched on, matches its snapshot', () => {
  const stack = platformStack('dev', { workbench: { enabled: true, owner: 'user:ada@example.com', machineType: 'e2-standard-4', idleShutdownMinutes: 60 } });
  expect(resourcesUnder(stack, stack.node.findChild('workbench'))).toMatchSnapshot();
});

// One snapshot per construct, each made with its required props only: its secure defaults.
describe('each construct with its defaults', () => {
  const P = { project: 'acme-ml-dev', projectNumber: '123456789012' };
  function fixture() {
    const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'test');
    const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-kms', location: 'europe-west4', name: 'ring' });
    return { stack, keyring, key: (keyClass: ConstructorParameters<typeof CmekKey>[2]['keyClass']) => new CmekKey(stack, keyClass, { keyring, keyClass }) };
  }
  const cases: Record<string, (f: ReturnType<typeof fixture>) => IConstruct> = {
    CmekKeyring: (f) => f.keyring,
    CmekKey: (f) => {
      const key = f.key('storage');
      key.useFor(f.stack, P.projectNumber);
      return key;
    },
    'CmekKey.fromKeyName': (f) => {
      const key = CmekKey.fromKeyName(f.stack, 'central', { keyName: 'projects/acme-security/locations/europe-west4/keyRings/r/cryptoKeys/pubsub', keyClass: 'pubsub' });
      key.useFor(f.stack, P.projectNumber);
      return key;
    },
    EncryptedBucket: (f) => new EncryptedBucket(f.stack, 'bucket', { ...P, name: 'acme-ml-dev-data', encryptionKey: f.key('storage') }),
    CmekRegistry: (f) => new CmekRegistry(f.stack, 'registry', { ...P, repositoryId: 'images', encryptionKey: f.key('artifact-registry') }),
    WorkloadServiceAccount: (f) => new WorkloadServiceAccount(f.stack, 'sa', { project: P.project, accountId: 'acme-d-worker', displayName: 'Worker', projectRoles: ['roles/logging.logWriter'] }),
    EncryptedSecret: (f) => new EncryptedSecret(f.stack, 'secret', { ...P, secretId: 'api-token', encryptionKey: f.key('secret-manager') }),
    EncryptedTopic: (f) => new EncryptedTopic(f.stack, 'topic', { ...P, name: 'events', encryptionKey: f.key('pubsub') }),
    PredictionEndpoint: (f) => new PredictionEndpoint(f.stack, 'endpoint', {
      ...P,
      displayName: 'acme-endpoint',
      encryptionKey: f.key('vertex-ai'),
      servingAccount: WorkloadServiceAccount.fromEmail(f.stack, 'serving', 'serving@acme-ml-dev.iam.gserviceaccount.com'),
      network: VpcNetwork.fromNetworkName(f.stack, 'vpc', 'projects/123456789012/global/networks/ml'),
    }),
    WorkbenchInstance: (f) => new WorkbenchInstance(f.stack, 'notebook', {
      ...P,
      name: 'ada-notebook',
      zone: 'europe-west4-a',
      encryptionKey: f.key('workbench'),
      serviceAccount: WorkloadServiceAccount.fromEmail(f.stack, 'ada', 'wb-ada@acme-ml-dev.iam.gserviceaccount.com'),
      owner: 'ada@acme.example',
      subnet: 'projects/acme-ml-dev/regions/europe-west4/subnetworks/ml',
      network: 'projects/acme-ml-dev/global/networks/ml',
    }),
    ProjectOrgPolicies: (f) => new ProjectOrgPolicies(f.stack, 'org-policies', { project: P.project, keyProject: 'acme-kms' }),
    DataAccessAuditLogs: (f) => new DataAccessAuditLogs(f.stack, 'audit-logs', { project: P.project }),
    CmekLogBucket: (f) => new CmekLogBucket(f.stack, 'logs', { ...P, bucketId: 'acme-logs', encryptionKey: f.key('logging') }),
    BigQueryDataset: (f) => new BigQueryDataset(f.stack, 'dataset', { ...P, datasetId: 'acme_dev_ingest', encryptionKey: f.key('bigquery') }),
    BigQueryTable: (f) => new BigQueryTable(f.stack, 'table', {
      dataset: BigQueryDataset.fromDatasetId(f.stack, 'ds', { project: P.project, datasetId: 'acme_dev_ingest', location: 'europe-west4' }),
      projectNumber: P.projectNumber, tableId: 'rows', schema: [{ name: 'value', type: 'FLOAT64' }], encryptionKey: f.key('bigquery'),
    }),
    BigQueryView: (f) => new BigQueryView(f.stack, 'view', {
      dataset: BigQueryDataset.fromDatasetId(f.stack, 'ds', { project: P.project, datasetId: 'acme_dev_ingest' }), viewId: 'rows_view', query: 'SELECT value FROM `acme-ml-dev.acme_dev_ingest.rows`',
    }),
    DataflowEnvironment: (f) => new DataflowEnvironment(f.stack, 'dataflow-env', {
      ...P, encryptionKey: f.key('dataflow'), storageKey: f.key('storage'), bucketName: 'acme-dev-dataflow',
      workerAccount: WorkloadServiceAccount.fromEmail(f.stack, 'worker', 'acme-d-dataflow@acme-ml-dev.iam.gserviceaccount.com'),
      network: new PlatformNetwork(f.stack, 'network', { project: P.project, name: 'acme-dev-network', region: 'europe-west4' }),
    }),
    PrivateGoogleApisDns: (f) => new PrivateGoogleApisDns(f.stack, 'private-dns', {
      project: P.project, network: VpcNetwork.fromNetworkName(f.stack, 'vpc', 'projects/123456789012/global/networks/ml'), namePrefix: 'acme-dev-network',
    }),
    FeatureOnlineStore: (f) => new FeatureOnlineStore(f.stack, 'feature-store', { project: P.project, name: 'acme_dev_features', region: 'europe-west4' }),
    VertexTabularDataset: (f) => new VertexTabularDataset(f.stack, 'tabular', { ...P, displayName: 'acme-dev-rows', encryptionKey: f.key('vertex-ai') }),
    PlatformDeployer: (f) => new PlatformDeployer(f.stack, 'deployer', {
      project: P.project,
      account: new WorkloadServiceAccount(f.stack, 'deployer-sa', { project: P.project, accountId: 'acme-d-deployer', displayName: 'Deployer' }),
      managedAccounts: [WorkloadServiceAccount.fromEmail(f.stack, 'worker', 'worker@acme-ml-dev.iam.gserviceaccount.com')],
      cicdPrincipal: 'principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/subject/main',
      keyAdminRoleId: 'acme_dev_key_admin',
    }),
    PlatformNetwork: (f) => new PlatformNetwork(f.stack, 'network', { project: P.project, name: 'acme-dev', region: 'europe-west4' }),
    WebLoadBalancer: (f) => new WebLoadBalancer(f.stack, 'lb', { project: P.project, name: 'acme-web', service: { resource: { name: 'acme-web' }, region: 'europe-west4' }, domain: 'predict.acme.example' }),
    LookerInstance: (f) => new LookerInstance(f.stack, 'looker-instance', {
      ...P,
      name: 'acme-looker',
      encryptionKey: f.key('looker'),
      network: new PlatformNetwork(f.stack, 'looker-network', { project: P.project, name: 'acme-dev', region: 'europe-west4' }),
      oauthClientId: '123456789012-abc.apps.googleusercontent.com',
      oauthClientSecret: EncryptedSecret.fromSecretName(f.stack, 'oauth', 'projects/acme-ml-dev/secrets/looker-oauth'),
    }),
  };
  test.each(Object.keys(cases))('%s matches its snapshot', (name) => {
    const f = fixture();
    expect(resourcesUnder(f.stack, cases[name](f))).toMatchSnapshot();
  });
});

test('no snapshot names a path on this machine', () => {
  const stack = platformStack('dev');
  expect(JSON.stringify(resourcesUnder(stack, stack))).not.toContain(path.resolve(__dirname, '..', '..'));
});
