import { Testing, TerraformStack } from 'cdktf';
import {
  CmekKey, CmekKeyring, CmekRegistry, EncryptedBucket, EncryptedSecret, EncryptedTopic, ProjectIamGrants, ProjectServices,
  WorkloadServiceAccount,
} from '../../src';
import { Tf, resources } from '../support/synth';

/** The project every test resource is created in. */
const P = { project: 'acme-ml-dev', projectNumber: '123456789012' };

function setup() {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'test');
  const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
  const key = (keyClass: ConstructorParameters<typeof CmekKey>[2]['keyClass'], id: string = keyClass) => new CmekKey(stack, id, { keyring, keyClass });
  const sa = new WorkloadServiceAccount(stack, 'sa', { project: 'acme-ml-dev', accountId: 'acme-d-pipeline', displayName: 'Pipeline' });
  return { stack, keyring, key, sa };
}
const synth = (stack: TerraformStack): Tf => JSON.parse(Testing.synth(stack));

describe('CmekKeyring and CmekKey', () => {
  test('a key ring outside the EU is refused', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    expect(() => new CmekKeyring(stack, 'r', { project: 'p-123456', location: 'us-east1', name: 'r' })).toThrow(
      "CmekKeyring 't/r': location 'us-east1' is not allowed: data must stay in the EU; use one of",
    );
  });
  test('rotation over 90 days is refused', () => {
    const { stack, keyring } = setup();
    expect(() => new CmekKey(stack, 'k', { keyring, keyClass: 'storage', rotationSeconds: 100 * 86400 })).toThrow(
      "CmekKey 'test/k': rotationSeconds: rotation period 8640000s (100.0 days) is out of range: keys must rotate at least every 90 days",
    );
  });
  test('grants encrypt/decrypt to the service agents of its class only, from the project number', () => {
    const { stack, key } = setup();
    key('composer').useFor(stack, '123456789012');
    const members = resources(synth(stack), 'google_kms_crypto_key_iam_member').map(([, g]) => g.member).sort();
    expect(members).toEqual([
      'serviceAccount:service-123456789012@cloudcomposer-accounts.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com',
    ]);
  });
  test('grantEncryptDecrypt adds a grant that encrypted resources then wait for', () => {
    const { stack, key, sa } = setup();
    const storage = key('storage');
    const g = storage.grantEncryptDecrypt(sa);
    expect(storage.grantEncryptDecrypt(sa)).toBe(g);
    new EncryptedBucket(stack, 'b', { ...P, name: 'acme-ml-dev-b', encryptionKey: storage });
    const tf = synth(stack);
    const [[, bucket]] = resources(tf, 'google_storage_bucket');
    const [[grantId, grantConfig]] = resources(tf, 'google_kms_crypto_key_iam_member').filter(([, m]) => m.member.includes('google_service_account.sa'));
    expect(grantConfig.role).toBe('roles/cloudkms.cryptoKeyEncrypterDecrypter');
    const [[agentId]] = resources(tf, 'google_kms_crypto_key_iam_member').filter(([, m]) => m.member.includes('@gs-project-accounts.'));
    expect([...bucket.depends_on].sort()).toEqual([`google_kms_crypto_key_iam_member.${agentId}`, `google_kms_crypto_key_iam_member.${grantId}`].sort());
  });
});

describe('EncryptedBucket', () => {
  test('defaults: regional, CMEK, uniform access, public access prevention, versioning, no force-destroy, noncurrent cleanup', () => {
    const { stack, key } = setup();
    new EncryptedBucket(stack, 'b', { ...P, name: 'acme-ml-dev-b', encryptionKey: key('storage') });
    const [[, b]] = resources(synth(stack), 'google_storage_bucket');
    expect(b).toMatchObject({
      location: 'EUROPE-WEST4', uniform_bucket_level_access: true, public_access_prevention: 'enforced', force_destroy: false,
      versioning: { enabled: true }, encryption: { default_kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.storage_/) },
      lifecycle_rule: [{ action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 30 } }],
    });
  });
  test('a key of another class is refused, naming the prop and the fix', () => {
    const { stack, key } = setup();
    expect(() => new EncryptedBucket(stack, 'b', { ...P, name: 'acme-ml-dev-b', encryptionKey: key('pubsub') })).toThrow(
      "EncryptedBucket 'test/b' encryptionKey: key 'test/pubsub' is a 'pubsub' key; each resource class has its own key, so pass the 'storage' key",
    );
  });
  test('a location other than the key\'s is refused', () => {
    const { stack, key } = setup();
    expect(() => new EncryptedBucket(stack, 'b', { ...P, name: 'acme-ml-dev-b', encryptionKey: key('storage'), location: 'europe-west1' })).toThrow(
      "key 'test/storage' is in 'europe-west4' but the resource is in 'europe-west1'",
    );
  });
  test('an illegal name is refused', () => {
    const { stack, key } = setup();
    expect(() => new EncryptedBucket(stack, 'b', { ...P, name: 'Acme_Bucket', encryptionKey: key('storage') })).toThrow("EncryptedBucket 'test/b': name 'Acme_Bucket' must use lowercase");
  });
  test('retention on a versioned bucket and condition-less lifecycle rules are refused', () => {
    const { stack, key } = setup();
    const k = key('storage');
    expect(() => new EncryptedBucket(stack, 'r', { ...P, name: 'acme-r', encryptionKey: k, retentionSeconds: 86400 })).toThrow(/retentionSeconds needs versioned: false/);
    expect(() => new EncryptedBucket(stack, 'l', { ...P, name: 'acme-l', encryptionKey: k, lifecycleRules: [{ action: 'Delete' }] })).toThrow(/lifecycleRules\[0\] has no condition/);
    expect(() => new EncryptedBucket(stack, 's', { ...P, name: 'acme-s', encryptionKey: k, lifecycleRules: [{ action: 'SetStorageClass', ageDays: 3 }] })).toThrow(/lifecycleRules\[0\] sets a storage class but names none/);
  });
  test('grantRead / grantWrite / grantReadWrite bind predefined roles on the bucket and return what they create', () => {
    const { stack, key, sa } = setup();
    const b = new EncryptedBucket(stack, 'b', { ...P, name: 'acme-ml-dev-b', encryptionKey: key('storage') });
    expect(b.grantRead(sa)).toBeDefined();
    b.grantWrite('group:ingest@example.com');
    b.grantReadWrite(sa);
    const grants = resources(synth(stack), 'google_storage_bucket_iam_member').map(([, m]) => [m.role, m.member]).sort();
    expect(grants).toEqual([
      ['roles/storage.objectCreator', 'group:ingest@example.com'],
      ['roles/storage.objectUser', expect.stringMatching(/^serviceAccount:\$\{google_service_account\.sa_[0-9A-F]+\.email\}$/)],
      ['roles/storage.objectViewer', expect.stringMatching(/^serviceAccount:\$\{google_service_account\.sa_[0-9A-F]+\.email\}$/)],
    ]);
  });
  test('public members and primitive roles are refused by grants and the IAM interface', () => {
    const { stack, key } = setup();
    const b = new EncryptedBucket(stack, 'b', { ...P, name: 'acme-ml-dev-b', encryptionKey: key('storage') });
    expect(() => b.grantRead('allUsers')).toThrow("test/b grant member: 'allUsers' is public");
    expect(() => new EncryptedBucket(stack, 'c', { ...P, name: 'acme-ml-dev-c', encryptionKey: key('storage', 's2'), iam: { 'roles/owner': ['group:a@example.com'] } })).toThrow(
      "iam['roles/owner']: 'roles/owner' is a primitive role",
    );
  });
  test('the IAM interface: authoritative roles, keyed bindings, additive members; conflicts are refused', () => {
    const { stack, key } = setup();
    new EncryptedBucket(stack, 'b', {
      ...P,
      name: 'acme-ml-dev-b', encryptionKey: key('storage'),
      iam: { 'roles/storage.objectViewer': ['group:readers@example.com'] },
      iamBindings: { auditors: { role: 'roles/storage.legacyBucketReader', members: ['group:audit@example.com'] } },
      iamBindingsAdditive: { ingest: { role: 'roles/storage.objectCreator', member: 'serviceAccount:ingest@acme.iam.gserviceaccount.com' } },
    });
    const tf = synth(stack);
    expect(resources(tf, 'google_storage_bucket_iam_binding').map(([, x]) => x.role).sort()).toEqual(['roles/storage.legacyBucketReader', 'roles/storage.objectViewer']);
    expect(resources(tf, 'google_storage_bucket_iam_member').map(([, x]) => x.role)).toEqual(['roles/storage.objectCreator']);
    expect(() => new EncryptedBucket(stack, 'c', {
      ...P,
      name: 'acme-ml-dev-c', encryptionKey: key('storage', 's3'),
      iam: { 'roles/storage.objectViewer': ['group:readers@example.com'] },
      iamBindingsAdditive: { more: { role: 'roles/storage.objectViewer', member: 'group:more@example.com' } },
    })).toThrow(/iamBindingsAdditive\.more: role 'roles\/storage\.objectViewer' is set authoritatively in iam/);
  });
  test('grants to a token e-mail string are refused (unstable ids); the construct works', () => {
    const { stack, key, sa } = setup();
    const b = new EncryptedBucket(stack, 'b', { ...P, name: 'acme-ml-dev-b', encryptionKey: key('storage') });
    expect(() => b.grantRead(sa.member)).toThrow(/holds an unresolved token.*pass the construct/);
    const viaConstruct = b.grantRead(sa);
    expect(viaConstruct.node.id).toBe('grant-storage.objectViewer-acme-d-pipeline');
    expect(b.grantRead(sa)).toBe(viaConstruct);
    expect(resources(synth(stack), 'google_storage_bucket_iam_member')).toHaveLength(1);
  });
});

describe('CmekRegistry', () => {
  test('its own key, immutable tags, cleanup policy, grantPull/grantPush', () => {
    const { stack, key, sa } = setup();
    const r = new CmekRegistry(stack, 'r', { ...P, repositoryId: 'containers', encryptionKey: key('artifact-registry') });
    r.grantPull(sa);
    r.grantPush('group:builders@example.com');
    const tf = synth(stack);
    const [[, repo]] = resources(tf, 'google_artifact_registry_repository');
    expect(repo).toMatchObject({
      format: 'DOCKER', location: 'europe-west4', kms_key_name: expect.stringContaining('google_kms_crypto_key.artifact-registry'),
      docker_config: { immutable_tags: true }, cleanup_policy_dry_run: false,
    });
    expect(repo.cleanup_policies.map((p: { id: string }) => p.id)).toEqual(['keep-most-recent', 'delete-old-untagged']);
    expect(resources(tf, 'google_artifact_registry_repository_iam_member').map(([, m]) => m.role).sort()).toEqual(['roles/artifactregistry.reader', 'roles/artifactregistry.writer']);
    expect(r.url).toBe('europe-west4-docker.pkg.dev/acme-ml-dev/containers');
  });
  test('a storage key is refused', () => {
    const { stack, key } = setup();
    expect(() => new CmekRegistry(stack, 'r', { ...P, repositoryId: 'containers', encryptionKey: key('storage') })).toThrow("CmekRegistry 'test/r' encryptionKey: key 'test/storage' is a 'storage' key");
  });
  test('a bad repository id is refused', () => {
    const { stack, key } = setup();
    expect(() => new CmekRegistry(stack, 'r', { ...P, repositoryId: 'My Repo', encryptionKey: key('artifact-registry') })).toThrow("repositoryId 'My Repo' is invalid");
  });
});

describe('WorkloadServiceAccount', () => {
  test('project roles: predefined only, and data roles must go on the resource', () => {
    const { stack } = setup();
    expect(() => new WorkloadServiceAccount(stack, 'a', { project: 'p', accountId: 'acme-d-a', displayName: 'a', projectRoles: ['roles/editor'] })).toThrow(/'roles\/editor' is a primitive role/);
    expect(() => new WorkloadServiceAccount(stack, 'b', { project: 'p', accountId: 'acme-d-b', displayName: 'b', projectRoles: ['roles/storage.objectViewer'] })).toThrow(
      "test/b projectRoles: 'roles/storage.objectViewer' would reach every resource of its kind in the project; bind it on the one resource with EncryptedBucket.grantRead(account)",
    );
  });
  test('a bad account id is refused', () => {
    const { stack } = setup();
    expect(() => new WorkloadServiceAccount(stack, 'c', { project: 'p', accountId: 'x', displayName: 'c' })).toThrow("accountId 'x' is invalid");
  });
  test('grantUser and grantImpersonate bind on the account itself', () => {
    const { stack, sa } = setup();
    sa.grantUser('group:deployers@example.com');
    sa.grantImpersonate('serviceAccount:ci@acme.iam.gserviceaccount.com');
    const roles = resources(synth(stack), 'google_service_account_iam_member').map(([, m]) => m.role).sort();
    expect(roles).toEqual(['roles/iam.serviceAccountTokenCreator', 'roles/iam.serviceAccountUser']);
  });
});

describe('EncryptedSecret and EncryptedTopic', () => {
  test('a secret replicates to EU regions only, each replica on a secret-manager key', () => {
    const { stack, key, sa } = setup();
    const s = new EncryptedSecret(stack, 's', { ...P, secretId: 'api-token', encryptionKey: key('secret-manager') });
    s.grantAccess(sa);
    const tf = synth(stack);
    const [[, secret]] = resources(tf, 'google_secret_manager_secret');
    expect(secret.replication.user_managed.replicas).toEqual([
      { location: 'europe-west4', customer_managed_encryption: { kms_key_name: expect.stringContaining('google_kms_crypto_key.secret-manager') } },
    ]);
    expect(resources(tf, 'google_secret_manager_secret_iam_member')[0][1].role).toBe('roles/secretmanager.secretAccessor');
  });
  test('a replica outside the EU, or without a key in its region, is refused', () => {
    const { stack, key } = setup();
    const k = key('secret-manager');
    expect(() => new EncryptedSecret(stack, 'a', { ...P, secretId: 'a', encryptionKey: k, replicaLocations: ['us-east1'] })).toThrow("replica location 'us-east1' is not allowed");
    expect(() => new EncryptedSecret(stack, 'b', { ...P, secretId: 'b', encryptionKey: k, replicaLocations: ['europe-west4', 'europe-west1'] })).toThrow(
      "no key for replica location 'europe-west1'; add replicaKeys['europe-west1']",
    );
  });
  test('a topic keeps messages in the EU, on the pubsub key', () => {
    const { stack, key, sa } = setup();
    const t = new EncryptedTopic(stack, 't', { ...P, name: 'events', encryptionKey: key('pubsub') });
    t.grantPublish(sa);
    const [[, topic]] = resources(synth(stack), 'google_pubsub_topic');
    expect(topic.message_storage_policy).toEqual({ allowed_persistence_regions: ['europe-west4'], enforce_in_transit: true });
    expect(() => new EncryptedTopic(stack, 'u', { ...P, name: 'u', encryptionKey: key('pubsub', 'p2'), allowedPersistenceRegions: ['us-central1'] })).toThrow(
      "EncryptedTopic 'test/u': allowedPersistenceRegions entry 'us-central1' is not allowed: data must stay in the EU; use one of europe-central2,",
    );
  });
});

describe('ProjectServices and ProjectIamGrants', () => {
  test('APIs are validated and never disabled on destroy', () => {
    const { stack } = setup();
    expect(() => new ProjectServices(stack, 'bad', { project: 'p', services: ['aiplatform'] })).toThrow("'aiplatform' is not an API name");
    expect(() => new ProjectServices(stack, 'twice', { project: 'p', services: ['aiplatform.googleapis.com', 'aiplatform.googleapis.com'] })).toThrow(
      "ProjectServices 'test/twice': 'aiplatform.googleapis.com' is listed twice in services; remove the duplicate",
    );
    new ProjectServices(stack, 'ok', { project: 'p', services: ['aiplatform.googleapis.com'] });
    const [[, svc]] = resources(synth(stack), 'google_project_service');
    expect(svc).toMatchObject({ service: 'aiplatform.googleapis.com', disable_on_destroy: false });
  });
  test('additive project grants refuse primitive roles and public members', () => {
    const { stack } = setup();
    expect(() => new ProjectIamGrants(stack, 'g', { project: 'p', grants: { 'roles/viewer': ['group:a@example.com'] } })).toThrow(/primitive role/);
    expect(() => new ProjectIamGrants(stack, 'h', { project: 'p', grants: { 'roles/aiplatform.viewer': ['allUsers'] } })).toThrow(/'allUsers' is public/);
  });
});
