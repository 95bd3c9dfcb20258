import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CmekKey, CmekKeyring, DEFAULT_CONFIGS, EncryptedBucket, evaluate, Guardrails, MlopsPlatformStack, PLATFORM_RULES, PlatformConstruct } from '../../src';
import { platformStack } from '../support/synth';

/** A stack with a storage key and a pubsub key from the library, to hang test resources on. */
/** The project every test resource is created in. */
const P = { project: 'acme-ml-dev', projectNumber: '123456789012' };

function fixture() {
  const app = Testing.app({ stackTraces: false });
  const stack = new TerraformStack(app, 'test');
  new GoogleProvider(stack, 'google', { project: 'acme-ml-dev', region: 'europe-west4' });
  const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
  const storageKey = new CmekKey(stack, 'storage-key', { keyring, keyClass: 'storage' });
  const pubsubKey = new CmekKey(stack, 'pubsub-key', { keyring, keyClass: 'pubsub' });
  return { app, stack, keyring, storageKey, pubsubKey };
}

/** A library-owned scope, so that only the rule under test fires (not VMC-RAW-1). */
class Owned extends PlatformConstruct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
  }
}

function findingsOf(stack: TerraformStack, ruleId: string) {
  return evaluate(stack).findings.filter((f) => f.ruleId === ruleId);
}

function compliantBucket(scope: Construct, key: CmekKey, overrides: Record<string, unknown> = {}) {
  return new StorageBucket(scope, 'bucket', {
    name: 'acme-ml-dev-test', location: 'EUROPE-WEST4', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced',
    encryption: { defaultKmsKeyName: key.keyName }, ...overrides,
  });
}

test('the pack lists each rule once, with an id, a one-line description and a control', () => {
  const ids = PLATFORM_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of PLATFORM_RULES) {
    expect(r.id).toMatch(/^VMC-[A-Z]+-\d+$/);
    expect(r.description).not.toContain('\n');
    expect(r.control.length).toBeGreaterThan(5);
  }
});

describe('VMC-CMEK-1 customer-managed key required', () => {
  test('compliant: a bucket on a key', () => {
    const f = fixture();
    compliantBucket(new Owned(f.stack, 'o'), f.storageKey);
    expect(findingsOf(f.stack, 'VMC-CMEK-1')).toEqual([]);
  });
  test('non-compliant: a bucket on Google-managed encryption', () => {
    const f = fixture();
    compliantBucket(new Owned(f.stack, 'o'), f.storageKey, { encryption: undefined });
    expect(findingsOf(f.stack, 'VMC-CMEK-1')).toEqual([expect.objectContaining({ path: 'test/o/bucket', problem: 'google_storage_bucket has no customer-managed key in encryption.default_kms_key_name' })]);
  });
});

describe('VMC-CMEK-2 one key per resource class', () => {
  test('compliant: a topic on the pubsub key', () => {
    const f = fixture();
    new PubsubTopic(new Owned(f.stack, 'o'), 'topic', { name: 't', kmsKeyName: f.pubsubKey.keyName });
    expect(findingsOf(f.stack, 'VMC-CMEK-2')).toEqual([]);
  });
  test('non-compliant: a topic on the storage key', () => {
    const f = fixture();
    new PubsubTopic(new Owned(f.stack, 'o'), 'topic', { name: 't', kmsKeyName: f.storageKey.keyName });
    const [finding] = findingsOf(f.stack, 'VMC-CMEK-2');
    expect(finding.problem).toMatch(/uses key 'test\/storage-key\/Resource' of class 'storage', not 'pubsub'/);
  });
  test('non-compliant: a key outside the stack cannot be checked', () => {
    const f = fixture();
    new PubsubTopic(new Owned(f.stack, 'o'), 'topic', { name: 't', kmsKeyName: 'projects/x/locations/europe-west4/keyRings/r/cryptoKeys/k' });
    expect(findingsOf(f.stack, 'VMC-CMEK-2')[0].fix).toMatch(/create the key with CmekKey/);
  });
});

describe('VMC-GCS-1 uniform access and public access prevention', () => {
  test('compliant: EncryptedBucket', () => {
    const f = fixture();
    new EncryptedBucket(f.stack, 'b', { ...P, name: 'acme-ml-dev-data', encryptionKey: f.storageKey });
    expect(findingsOf(f.stack, 'VMC-GCS-1')).toEqual([]);
  });
  test('non-compliant: fine-grained ACLs and inherited public access', () => {
    const f = fixture();
    compliantBucket(new Owned(f.stack, 'o'), f.storageKey, { uniformBucketLevelAccess: false, publicAccessPrevention: 'inherited' });
    expect(findingsOf(f.stack, 'VMC-GCS-1')[0].problem).toBe("uniform bucket-level access is off and public_access_prevention is 'inherited'");
  });
});

describe('VMC-LOC-1 EU only', () => {
  test('compliant: europe-west4 and the EU multi-region', () => {
    const f = fixture();
    const o = new Owned(f.stack, 'o');
    compliantBucket(o, f.storageKey);
    new StorageBucket(o, 'multi', { name: 'acme-multi', location: 'EU', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', encryption: { defaultKmsKeyName: f.storageKey.keyName } });
    expect(findingsOf(f.stack, 'VMC-LOC-1')).toEqual([]);
  });
  test('non-compliant: a bucket in the US', () => {
    const f = fixture();
    compliantBucket(new Owned(f.stack, 'o'), f.storageKey, { location: 'US-CENTRAL1' });
    expect(findingsOf(f.stack, 'VMC-LOC-1')[0].problem).toBe("location 'US-CENTRAL1' is outside the EU");
  });
});

describe('VMC-IAM-1 no primitive roles', () => {
  test('compliant: a predefined role', () => {
    const f = fixture();
    new StorageBucketIamMember(new Owned(f.stack, 'o'), 'm', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'group:ml@example.com' });
    expect(findingsOf(f.stack, 'VMC-IAM-1')).toEqual([]);
  });
  test('non-compliant: roles/editor', () => {
    const f = fixture();
    new StorageBucketIamMember(new Owned(f.stack, 'o'), 'm', { bucket: 'b', role: 'roles/editor', member: 'group:ml@example.com' });
    expect(findingsOf(f.stack, 'VMC-IAM-1')[0].problem).toBe("grants the primitive role 'roles/editor' (member)");
  });
});

describe('VMC-IAM-2 no public members', () => {
  test('compliant: a group', () => {
    const f = fixture();
    new StorageBucketIamMember(new Owned(f.stack, 'o'), 'm', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'group:ml@example.com' });
    expect(findingsOf(f.stack, 'VMC-IAM-2')).toEqual([]);
  });
  test('non-compliant: allUsers', () => {
    const f = fixture();
    new StorageBucketIamMember(new Owned(f.stack, 'o'), 'm', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'allUsers' });
    expect(findingsOf(f.stack, 'VMC-IAM-2')[0].problem).toBe("grants 'roles/storage.objectViewer' to 'allUsers' (member), which is everyone");
  });
});

describe('VMC-KMS-1 rotation at most 90 days', () => {
  test('compliant: CmekKey default', () => {
    const f = fixture();
    expect(findingsOf(f.stack, 'VMC-KMS-1')).toEqual([]);
  });
  test('non-compliant: a year, and no rotation at all', () => {
    const f = fixture();
    const o = new Owned(f.stack, 'o');
    new KmsCryptoKey(o, 'yearly', { name: 'y', keyRing: f.keyring.keyRingName, rotationPeriod: '31536000s', lifecycle: { preventDestroy: true } });
    new KmsCryptoKey(o, 'never', { name: 'n', keyRing: f.keyring.keyRingName, lifecycle: { preventDestroy: true } });
    expect(findingsOf(f.stack, 'VMC-KMS-1').map((x) => x.problem).sort()).toEqual(['has no rotation period', 'rotates every 31536000s (365.0 days)']);
  });
});

describe('VMC-KMS-2 prevent_destroy on keys', () => {
  test('compliant: CmekKey and CmekKeyring', () => {
    expect(findingsOf(fixture().stack, 'VMC-KMS-2')).toEqual([]);
  });
  test('non-compliant: a key without prevent_destroy', () => {
    const f = fixture();
    new CmekKey(f.stack, 'throwaway', { keyring: f.keyring, keyClass: 'logging', preventDestroy: false });
    expect(findingsOf(f.stack, 'VMC-KMS-2')).toEqual([expect.objectContaining({ path: 'test/throwaway/Resource', problem: 'can be destroyed by a plan' })]);
  });
});

describe('VMC-RAW-1 raw provider resources', () => {
  test('compliant: everything in the platform stacks comes from constructs', () => {
    expect(findingsOf(platformStack('dev'), 'VMC-RAW-1')).toEqual([]);
  });
  test('non-compliant: a raw key ring added straight to a stack', () => {
    const f = fixture();
    new KmsKeyRing(f.stack, 'raw-ring', { name: 'raw', location: 'europe-west4', lifecycle: { preventDestroy: true } });
    expect(findingsOf(f.stack, 'VMC-RAW-1')).toEqual([expect.objectContaining({ path: 'test/raw-ring', type: 'google_kms_key_ring' })]);
  });
});

describe('enforcement and waivers', () => {
  function violatingApp(waive?: (scope: Construct) => void) {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-guard-')), stackTraces: false });
    const s = new MlopsPlatformStack(app, 'mlops-dev', { config: DEFAULT_CONFIGS.dev, backend: 'local' });
    const raw = new Construct(s, 'hand-made');
    new StorageBucket(raw, 'bucket', {
      name: 'mlops-dev-hand-made', location: 'EUROPE-WEST4', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced',
      encryption: { defaultKmsKeyName: s.keys.get('storage')!.keyName },
    });
    waive?.(raw);
    return app;
  }

  test('a violation fails synth with the rule id, the construct path and the fix', () => {
    expect(() => violatingApp().synth()).toThrow(/\[VMC-RAW-1\] mlops-dev\/hand-made\/bucket \(google_storage_bucket\): google_storage_bucket was added outside the library's constructs\. Fix: use \(or write\) a construct/);
  });

  test('a waiver with a reason lets synth pass and shows in the output', () => {
    const app = violatingApp((scope) => Guardrails.waive(scope, 'VMC-RAW-1', 'migrated from the legacy stack; construct follows in the next release'));
    app.synth();
    const tf = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'mlops-dev', 'cdk.tf.json'), 'utf8'));
    expect(tf.locals.guardrail_waivers).toEqual(expect.arrayContaining([
      { rule: 'VMC-RAW-1', path: 'mlops-dev/hand-made', reason: 'migrated from the legacy stack; construct follows in the next release' },
    ]));
    // Besides the stack's own: the feature store's missing key field (FeaturesLayer).
    expect(tf.locals.guardrail_waivers.map((w: { rule: string; path: string }) => `${w.rule} ${w.path}`).sort()).toEqual(['VMC-CMEK-1 mlops-dev/features/feature-store', 'VMC-RAW-1 mlops-dev/hand-made']);
  });

  test('a waiver needs a known rule and a real reason', () => {
    const f = fixture();
    expect(() => Guardrails.waive(f.stack, 'VMC-NOPE-1', 'because it is fine here')).toThrow(/unknown rule id 'VMC-NOPE-1'; use one of VMC-CMEK-1/);
    expect(() => Guardrails.waive(f.stack, 'VMC-RAW-1', 'ok')).toThrow(/the reason 'ok' is too short/);
  });
});
