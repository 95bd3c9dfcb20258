import * as fs from 'fs';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { CmekKey, DataLayer, evaluate, FoundationLayer, Guardrails, PlatformConstruct, WorkloadServiceAccount } from '../../src';

const naming = { prefix: 'acme', environment: 'dev' };
const P = { project: 'acme-ml-dev', projectNumber: '123456789012', naming };
const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, any>> };
const newStack = () => new TerraformStack(Testing.app({ stackTraces: false }), 'team');

describe('FoundationLayer', () => {
  test('creates a key only for a class something asks for, once, in a ring created with the first key', () => {
    const stack = newStack();
    const foundation = new FoundationLayer(stack, 'foundation', { ...P, region: 'europe-west4', enableApis: [] });
    expect(synth(stack).resource).toBeUndefined();
    const key = foundation.key('storage');
    expect(foundation.key('storage')).toBe(key);
    const tf = synth(stack);
    expect(Object.values(tf.resource.google_kms_crypto_key).map((k) => k.name)).toEqual(['storage']);
    expect(Object.values(tf.resource.google_kms_key_ring).map((r) => r.name)).toEqual(['acme-dev-keyring']);
    expect(tf.resource.google_project_service).toBeUndefined();
  });

  test('hands out the keys and accounts given to it instead of creating them', () => {
    const stack = newStack();
    const central = CmekKey.fromKeyName(stack, 'central', { keyName: 'projects/acme-security/locations/europe-west4/keyRings/r/cryptoKeys/vertex', keyClass: 'vertex-ai' });
    const serving = WorkloadServiceAccount.fromEmail(stack, 'serving', 'serving@acme-ml-dev.iam.gserviceaccount.com');
    const foundation = new FoundationLayer(stack, 'foundation', { ...P, region: 'europe-west4', enableApis: [], keys: { 'vertex-ai': central }, accounts: { serving } });
    expect(foundation.key('vertex-ai')).toBe(central);
    expect(foundation.account('serving')).toBe(serving);
    expect(foundation.account('pipeline').email).not.toBe(serving.email);
    const tf = synth(stack);
    expect(tf.resource.google_kms_crypto_key).toBeUndefined();
    expect(Object.values(tf.resource.google_service_account).map((a) => a.account_id)).toEqual(['acme-d-pipeline']);
  });

  test('refuses a key of the wrong class', () => {
    const stack = newStack();
    const central = CmekKey.fromKeyName(stack, 'central', { keyName: 'projects/acme-security/locations/europe-west4/keyRings/r/cryptoKeys/storage', keyClass: 'storage' });
    expect(() => new FoundationLayer(stack, 'foundation', { ...P, region: 'europe-west4', keys: { pubsub: central } })).toThrow(
      "FoundationLayer 'team/foundation' keys['pubsub']: key 'team/central' is a 'storage' key; each resource class has its own key, so pass the 'pubsub' key",
    );
  });
});

test('DataLayer alone, on keys of a central key project, passes the guardrails', () => {
  const stack = newStack();
  const ring = 'projects/acme-security/locations/europe-west4/keyRings/r/cryptoKeys';
  const data = new DataLayer(stack, 'data', {
    ...P,
    storageKey: CmekKey.fromKeyName(stack, 'storage', { keyName: `${ring}/storage`, keyClass: 'storage' }),
    registryKey: CmekKey.fromKeyName(stack, 'registry', { keyName: `${ring}/registry`, keyClass: 'artifact-registry' }),
  });
  Guardrails.applyTo(stack);
  expect(evaluate(stack).findings).toEqual([]);
  expect(data.sharedDataBucket.encryptionKey.project).toBe('acme-security');
  const tf = synth(stack);
  expect(Object.values(tf.resource.google_storage_bucket).map((b) => [b.name, b.project]).sort()).toEqual([
    ['acme-dev-features', 'acme-ml-dev'], ['acme-dev-pipeline-root', 'acme-ml-dev'], ['acme-dev-pipeline-storage', 'acme-ml-dev'], ['acme-dev-shared-data', 'acme-ml-dev'],
  ]);
  // Used outside MlopsPlatformStack, a layer's id is part of its resources' addresses.
  expect(Object.keys(tf.resource.google_storage_bucket).every((id) => id.startsWith('data_buckets_'))).toBe(true);
});

test('a bucket on an imported key of another class is a guardrail finding', () => {
  const stack = newStack();
  const keyName = 'projects/acme-security/locations/europe-west4/keyRings/r/cryptoKeys/pubsub';
  CmekKey.fromKeyName(stack, 'pubsub', { keyName, keyClass: 'pubsub' });
  // A raw bucket (VMC-RAW-1 reports that too; only the key-class finding is asked about here).
  class Owned extends PlatformConstruct {}
  new StorageBucket(new Owned(stack, 'o'), 'bucket', {
    name: 'acme-ml-dev-x', location: 'EUROPE-WEST4', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', encryption: { defaultKmsKeyName: keyName },
  });
  expect(evaluate(stack).findings.filter((f) => f.ruleId !== 'VMC-RAW-1').map((f) => [f.ruleId, f.problem])).toEqual([
    ['VMC-CMEK-2', `uses the imported key '${keyName}' of class 'pubsub', not 'storage'`],
  ]);
});

test('each layer says in one doc comment what it needs and what it provides', () => {
  const dir = path.resolve(__dirname, '..', '..', 'src', 'layers');
  const layers: string[] = [];
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export class (\w+) extends Layer/g)) {
      layers.push(m[2]);
      expect({ layer: m[2], needs: /Needs:/.test(m[1]), provides: /Provides:/.test(m[1]) }).toEqual({ layer: m[2], needs: true, provides: true });
    }
  }
  expect(layers.sort()).toEqual(['AzureDevopsLayer', 'CicdIdentityLayer', 'DataLayer', 'FeaturesLayer', 'FoundationLayer', 'GovernanceLayer', 'IngestionLayer', 'NetworkLayer', 'ObservabilityLayer', 'ReportingLayer', 'ServingLayer', 'TrainingLayer', 'WebServingLayer', 'WorkbenchLayer']);
});
