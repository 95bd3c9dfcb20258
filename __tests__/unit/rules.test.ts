import { Testing, TerraformStack, Token } from 'cdktf';
import {
  accountIdProblem, bucketNameProblem, CmekKey, CmekKeyring, composerImageProblem, cronProblem, dailyCronProblem, EncryptedBucket,
  EU_REGIONS, euLocationProblem, euRegionProblem, isEuLocation, MAX_ROTATION_SECONDS, MIN_ROTATION_SECONDS, principalProblem,
  ProjectIamGrants, resourceIdProblem, roleProblem, rotationProblem, timeZoneProblem, WorkloadServiceAccount,
} from '../../src';

// Literal expectations: a test that compared with the constants under test would pass whatever they said.

describe('EU locations', () => {
  test('the regions, literally: EU member states only', () => {
    expect([...EU_REGIONS]).toEqual([
      'europe-central2', 'europe-north1', 'europe-north2', 'europe-southwest1', 'europe-west1', 'europe-west3',
      'europe-west4', 'europe-west8', 'europe-west9', 'europe-west10', 'europe-west12',
    ]);
  });
  test.each([
    ['europe-west4', true], ['EUROPE-WEST4', true], ['europe-west4-a', true], ['EU', true], ['europe', true], ['EUR4', true],
    ['europe-west2', false], ['europe-west6', false], ['EUR5', false], ['EUR7', false], ['EUR8', false], ['us', false],
    ['us-central1', false], ['europe-west4-ab', false], ['global', false],
  ])('%s is an EU location: %s', (location, eu) => {
    expect(isEuLocation(location)).toBe(eu);
  });
  test('a region, a multi-region or a dual-region that is refused says where data may go', () => {
    expect(euRegionProblem('europe-west2')).toBe("region 'europe-west2' is not allowed: data must stay in the EU; use one of europe-central2, europe-north1, europe-north2, europe-southwest1, europe-west1, europe-west3, europe-west4, europe-west8, europe-west9, europe-west10, europe-west12");
    expect(euLocationProblem('EUR5')).toMatch(/^location 'EUR5' is not allowed: .*\(or the EU multi-region 'EU', or the dual-region 'EUR4'\)$/);
    expect(euRegionProblem('EU')).toMatch(/^region 'EU' is not allowed/);
  });
});

describe('every rule skips a token and never rejects it', () => {
  const token = Token.asString({ Ref: 'x' });
  const number = Token.asNumber({ Ref: 'n' });
  test.each([
    ['euRegionProblem', () => euRegionProblem(token)],
    ['euLocationProblem', () => euLocationProblem(token)],
    ['bucketNameProblem', () => bucketNameProblem(token)],
    ['accountIdProblem', () => accountIdProblem(token)],
    ['resourceIdProblem', () => resourceIdProblem(token)],
    ['roleProblem', () => roleProblem(token)],
    ['principalProblem', () => principalProblem(token)],
    ['cronProblem', () => cronProblem(token)],
    ['dailyCronProblem', () => dailyCronProblem(token)],
    ['timeZoneProblem', () => timeZoneProblem(token)],
    ['composerImageProblem', () => composerImageProblem(token)],
    ['rotationProblem', () => rotationProblem(number)],
  ])('%s', (_, check) => {
    expect(check()).toBeUndefined();
  });
  test('a bucket named by a token synthesizes', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    const ring = new CmekKeyring(stack, 'r', { project: 'acme-ml-dev', location: 'europe-west4', name: 'r' });
    const key = new CmekKey(stack, 'k', { keyring: ring, keyClass: 'storage' });
    const name = Token.asString(ring.resource.name);
    expect(() => new EncryptedBucket(stack, 'b', { project: 'acme-ml-dev', projectNumber: '123456789012', name, encryptionKey: key })).not.toThrow();
  });
});

describe('values', () => {
  test('rotation: at most 90 days, at least one', () => {
    expect([MIN_ROTATION_SECONDS, MAX_ROTATION_SECONDS]).toEqual([86400, 7776000]);
    expect(rotationProblem(7776000)).toBeUndefined();
    expect(rotationProblem(86400)).toBeUndefined();
    expect(rotationProblem(7776001)).toBe('rotation period 7776001s (90.0 days) is out of range: keys must rotate at least every 90 days (7776000s) and at most daily (86400s)');
    expect(rotationProblem(3600)).toMatch(/^rotation period 3600s \(0.0 days\) is out of range/);
    expect(rotationProblem(86400.5)).toMatch(/out of range/);
  });
  test('cron and the daily cron of the DAG', () => {
    expect(cronProblem('0 5 * * 1-5')).toBeUndefined();
    expect(cronProblem('daily')).toBe("'daily' is not a 5-field cron expression; write it like '0 3 * * *' (03:00 daily)");
    expect(dailyCronProblem('59 23 * * *')).toBeUndefined();
    expect(dailyCronProblem('0 5 * * 1-5')).toMatch(/is not a once-a-day cron/);
    expect(dailyCronProblem('0 24 * * *')).toMatch(/is not a once-a-day cron/);
  });
  test('Composer images: Composer 3 only, short forms included', () => {
    for (const ok of ['composer-3-airflow-3.1.7', 'composer-3-airflow-2.10.5-build.12', 'composer-3-airflow-3', 'composer-3-airflow-2.10']) {
      expect({ ok, problem: composerImageProblem(ok) }).toEqual({ ok, problem: undefined });
    }
    expect(composerImageProblem('composer-2.9.7-airflow-2.9.3')).toMatch(/is not a Cloud Composer 3 image/);
  });
  test('roles and principals', () => {
    expect(roleProblem('roles/aiplatform.user')).toBeUndefined();
    expect(roleProblem('roles/editor')).toMatch(/primitive role/);
    expect(roleProblem('projects/p/roles/custom')).toMatch(/is not a predefined role/);
    expect(principalProblem('group:ml@example.com')).toBeUndefined();
    expect(principalProblem('principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*')).toBeUndefined();
    expect(principalProblem('allUsers')).toMatch(/is public/);
    expect(principalProblem('ml@example.com')).toMatch(/is not an IAM principal/);
  });
  test('names', () => {
    expect(bucketNameProblem('acme-ml-dev-data')).toBeUndefined();
    expect(bucketNameProblem('my-google-bucket')).toMatch(/reserves/);
    expect(accountIdProblem('ab')).toMatch(/6-30/);
    expect(resourceIdProblem('Fn')).toMatch(/lowercase/);
    expect(resourceIdProblem('a'.repeat(64), 63)).toBe('is 64 characters long; use 1 to 63');
  });
});

describe('one IAM path', () => {
  function fixture() {
    const stack = new TerraformStack(Testing.app({ stackTraces: false }), 't');
    const ring = new CmekKeyring(stack, 'r', { project: 'acme-ml-dev', location: 'europe-west4', name: 'r' });
    const key = new CmekKey(stack, 'k', { keyring: ring, keyClass: 'storage' });
    const bucket = (id: string, iam: Record<string, string[]>) =>
      new EncryptedBucket(stack, id, { project: 'acme-ml-dev', projectNumber: '123456789012', name: `acme-ml-dev-${id}`, encryptionKey: key, iam });
    return { stack, bucket };
  }
  test('a grant* of a role set authoritatively is refused, as iamBindingsAdditive is', () => {
    const { bucket } = fixture();
    const b = bucket('b', { 'roles/storage.objectViewer': ['group:readers@example.com'] });
    expect(() => b.grantRead('group:more@example.com')).toThrow(
      "t/b grant: role 'roles/storage.objectViewer' is set authoritatively in iam['roles/storage.objectViewer'] on 't/b', which would remove this member again on every apply; add 'group:more@example.com' there instead",
    );
    expect(() => b.grantWrite('group:writers@example.com')).not.toThrow();
  });
  test('the same grant twice is one resource', () => {
    const { stack, bucket } = fixture();
    const b = bucket('b', {});
    expect(b.grantRead('group:a@example.com')).toBe(b.grantRead('group:a@example.com'));
    const tf = JSON.parse(Testing.synth(stack));
    expect(Object.keys(tf.resource.google_storage_bucket_iam_member)).toHaveLength(1);
    expect(Object.keys(tf.resource.google_storage_bucket_iam_member)[0]).toMatch(/^b_grant-storageobjectViewer-group-a-example-com_|^b_grant-storage\.objectViewer-group-a-example-com_/);
  });
  test('every project-level path refuses a role that belongs on one resource', () => {
    const { stack } = fixture();
    const sa = new WorkloadServiceAccount(stack, 'sa', { project: 'acme-ml-dev', accountId: 'acme-d-test', displayName: 't' });
    const expected = "bind it on the one resource with EncryptedBucket.grantRead(account)";
    expect(() => sa.addProjectRole('roles/storage.objectViewer')).toThrow(expected);
    expect(() => new ProjectIamGrants(stack, 'p', { project: 'acme-ml-dev', grants: { 'roles/storage.objectViewer': ['group:a@example.com'] } })).toThrow(expected);
    expect(() => new ProjectIamGrants(stack, 'p2', { project: 'acme-ml-dev', grants: { 'roles/owner': ['group:a@example.com'] } })).toThrow(/primitive role/);
  });
});
