import { Testing, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CmekKey } from '../../src/constructs/cmek-key';
import { CmekKeyring } from '../../src/constructs/cmek-keyring';
import { CmekLogBucket } from '../../src/constructs/cmek-log-bucket';
import { DataAccessAuditLogs } from '../../src/constructs/data-access-audit-logs';
import { ProjectOrgPolicies } from '../../src/constructs/project-org-policies';
import { ALL_ENVIRONMENTS, deref, resources, synthEnv } from '../support/synth';

const PROJECT = { dev: 'example-mlops-dev', staging: 'example-mlops-staging', prod: 'example-mlops-prod' } as const;

describe.each(ALL_ENVIRONMENTS)('what Google enforces in the %s stack', (env) => {
  const tf = synthEnv(env);
  const project = PROJECT[env];

  test('org policies: CMEK for the platform services, keys from the key project, EU locations, no SA keys, closed buckets', () => {
    const policies = Object.fromEntries(resources(tf, 'google_org_policy_policy').map(([, p]) => [p.name, { parent: p.parent, rules: p.spec.rules }]));
    const p = (c: string) => `projects/${project}/policies/${c}`;
    expect(policies).toEqual({
      [p('gcp.restrictNonCmekServices')]: {
        parent: `projects/${project}`,
        rules: [{ values: { denied_values: [
          'aiplatform.googleapis.com', 'artifactregistry.googleapis.com', 'bigquery.googleapis.com', 'cloudfunctions.googleapis.com',
          'composer.googleapis.com', 'dataflow.googleapis.com', 'logging.googleapis.com', 'pubsub.googleapis.com', 'run.googleapis.com',
          'secretmanager.googleapis.com', 'storage.googleapis.com',
        ] } }],
      },
      [p('gcp.restrictCmekCryptoKeyProjects')]: { parent: `projects/${project}`, rules: [{ values: { allowed_values: [`under:projects/${project}`] } }] },
      [p('gcp.resourceLocations')]: { parent: `projects/${project}`, rules: [{ values: { allowed_values: ['in:eu-locations'] } }] },
      [p('iam.disableServiceAccountKeyCreation')]: { parent: `projects/${project}`, rules: [{ enforce: 'TRUE' }] },
      [p('storage.publicAccessPrevention')]: { parent: `projects/${project}`, rules: [{ enforce: 'TRUE' }] },
      [p('storage.uniformBucketLevelAccess')]: { parent: `projects/${project}`, rules: [{ enforce: 'TRUE' }] },
    });
  });

  test('data-access audit logs for every data-holding service', () => {
    const configs = resources(tf, 'google_project_iam_audit_config').map(([, c]) => ({ project: c.project, service: c.service, types: c.audit_log_config.map((l: { log_type: string }) => l.log_type) }));
    const types = ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];
    expect(configs).toEqual(['aiplatform', 'artifactregistry', 'bigquery', 'cloudkms', 'pubsub', 'secretmanager', 'storage'].map((s) => ({ project, service: `${s}.googleapis.com`, types })));
  });

  test('the platform logs go to a log bucket on the logging key, in the region', () => {
    const [[bucketId, bucket]] = resources(tf, 'google_logging_project_bucket_config');
    expect(bucket.location).toBe('europe-west4');
    expect(bucket.bucket_id).toBe(`mlops-${env}-logs`);
    expect(deref(tf, bucket.cmek_settings.kms_key_name)?.config.labels['key-class']).toBe('logging');
    const logGrants = resources(tf, 'google_kms_crypto_key_iam_member').filter(([, g]) => deref(tf, g.crypto_key_id)?.config.labels['key-class'] === 'logging').map(([id]) => `google_kms_crypto_key_iam_member.${id}`);
    expect(logGrants.length).toBeGreaterThan(0);
    expect(bucket.depends_on).toEqual(expect.arrayContaining(logGrants));
    const [[, sink]] = resources(tf, 'google_logging_project_sink');
    expect(sink.destination).toBe(`logging.googleapis.com/projects/${project}/locations/europe-west4/buckets/mlops-${env}-logs`);
    expect(sink.depends_on).toEqual([`google_logging_project_bucket_config.${bucketId}`]);
  });
});

describe.each(ALL_ENVIRONMENTS)('the deployer of the %s stack is not an owner', (env) => {
  const tf = synthEnv(env);
  const deployer = 'serviceAccount:${google_service_account.accounts_deployer_8E2B31D6.email}';
  const granted = (type: string) => resources(tf, type).filter(([, g]) => g.member === deployer || (g.members ?? []).includes(deployer));

  test('its unconditional project roles are the documented admin roles, none of them IAM, service-account or key administration', () => {
    const roles = granted('google_project_iam_member').filter(([, g]) => !g.condition && g.role.startsWith('roles/')).map(([, g]) => g.role).sort();
    expect(roles).toEqual([
      'roles/aiplatform.admin', 'roles/artifactregistry.admin', 'roles/bigquery.admin', 'roles/cloudbuild.builds.editor', 'roles/cloudfunctions.admin', 'roles/cloudscheduler.admin', 'roles/composer.admin',
      'roles/compute.networkAdmin', 'roles/compute.securityAdmin', 'roles/dns.admin',
      'roles/eventarc.admin', 'roles/iam.roleViewer', 'roles/iam.serviceAccountCreator', 'roles/logging.configWriter', 'roles/monitoring.admin',
      'roles/pubsub.admin', 'roles/redis.admin', 'roles/run.admin', 'roles/secretmanager.admin', 'roles/servicenetworking.networksAdmin', 'roles/serviceusage.serviceUsageAdmin', 'roles/storage.admin',
      'roles/workflows.admin',
    ]);
  });

  test('project IAM administration only for the roles the platform grants on the project', () => {
    const conditional = granted('google_project_iam_member').filter(([, g]) => g.condition);
    expect(conditional.map(([, g]) => ({ role: g.role, expression: g.condition.expression }))).toEqual([{
      role: 'roles/resourcemanager.projectIamAdmin',
      expression: "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/aiplatform.user', 'roles/bigquery.jobUser', 'roles/composer.worker', 'roles/dataflow.developer', 'roles/dataflow.worker', 'roles/eventarc.eventReceiver', 'roles/logging.logWriter', 'roles/monitoring.metricWriter', 'roles/pubsub.publisher', 'roles/workflows.invoker'])",
    }]);
  });

  test('keys: a custom role that cannot destroy, restore or disable key versions', () => {
    const [[, role]] = resources(tf, 'google_project_iam_custom_role');
    expect(role.role_id).toBe(`mlops_${env}_key_admin`);
    expect(role.permissions.filter((p: string) => /cryptoKeyVersions\.(destroy|restore|update)|cryptoKeys\.delete/.test(p))).toEqual([]);
    expect(role.permissions).toEqual(expect.arrayContaining(['cloudkms.cryptoKeys.create', 'cloudkms.cryptoKeys.setIamPolicy']));
    expect(granted('google_project_iam_member').filter(([, g]) => g.role === 'roles/cloudkms.admin')).toEqual([]);
  });

  test('service-account administration and actAs on the seven platform accounts, not the project', () => {
    const perAccount = (role: string) => granted('google_service_account_iam_member').filter(([, g]) => g.role === role)
      .map(([, g]) => /google_service_account\.accounts_([a-z]+)_/.exec(g.service_account_id)?.[1]).sort();
    const accounts = ['batch', 'composer', 'dataflow', 'fnbuild', 'imgbuild', 'pipeline', 'serving', 'trigger', 'web'];
    expect(perAccount('roles/iam.serviceAccountAdmin')).toEqual(accounts);
    expect(perAccount('roles/iam.serviceAccountUser')).toEqual(accounts);
    expect(granted('google_project_iam_member').filter(([, g]) => /serviceAccount(Admin|User|TokenCreator)/.test(g.role))).toEqual([]);
  });

  test('only the admin group may impersonate it when no federation is configured', () => {
    const impersonators = resources(tf, 'google_service_account_iam_member').filter(([, g]) => g.role === 'roles/iam.serviceAccountTokenCreator');
    expect(impersonators.map(([, g]) => ({ account: g.service_account_id, member: g.member }))).toEqual([
      { account: '${google_service_account.accounts_deployer_8E2B31D6.name}', member: 'group:mlops-platform-admins@example.com' },
    ]);
    const federated = resources(tf, 'google_service_account_iam_member').filter(([, g]) => g.role === 'roles/iam.workloadIdentityUser' && /accounts_deployer_/.test(g.service_account_id));
    // This stack is built without the CI/CD config, so no federation admits anyone (the CI/CD
    // tests check the federated path).
    expect(federated.map(([, g]) => g.member)).toEqual([]);
  });
});

describe('the enforcement constructs', () => {
  function stack() {
    const app = Testing.app({ stackTraces: false });
    const s = new TerraformStack(app, 't');
    new GoogleProvider(s, 'google', { project: 'acme-ml-dev', region: 'europe-west4' });
    const keyring = new CmekKeyring(s, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
    return { s, keyring };
  }

  test('ProjectOrgPolicies: a constraint set above the project can be switched off; member domains only when given', () => {
    const { s } = stack();
    const policies = new ProjectOrgPolicies(s, 'p', { project: 'acme-ml-dev', keyProject: 'acme-keys', enabled: { resourceLocations: false, uniformBucketLevelAccess: false }, allowedMemberCustomerIds: ['C03xgje4y'] });
    expect(Object.keys(policies.policies).sort()).toEqual(['allowedPolicyMemberDomains', 'disableServiceAccountKeyCreation', 'publicAccessPrevention', 'restrictCmekCryptoKeyProjects', 'restrictNonCmekServices']);
    const tf = JSON.parse(Testing.synth(s));
    const byName = Object.fromEntries(Object.values(tf.resource.google_org_policy_policy as Record<string, { name: string; spec: unknown }>).map((p) => [p.name, p.spec]));
    expect(byName['projects/acme-ml-dev/policies/iam.allowedPolicyMemberDomains']).toEqual({ rules: [{ values: { allowed_values: ['C03xgje4y'] } }] });
    expect(byName['projects/acme-ml-dev/policies/gcp.restrictCmekCryptoKeyProjects']).toEqual({ rules: [{ values: { allowed_values: ['under:projects/acme-keys'] } }] });
  });

  test('ProjectOrgPolicies refuses a customer id that is not one, and an API name that is not one', () => {
    expect(() => new ProjectOrgPolicies(stack().s, 'p', { project: 'p', keyProject: 'p', allowedMemberCustomerIds: ['example.com'] }))
      .toThrow("ProjectOrgPolicies 't/p': allowedMemberCustomerIds entry 'example.com' is not a directory customer id; find yours with 'gcloud organizations list' (DIRECTORY_CUSTOMER_ID, e.g. C03xgje4y)");
    expect(() => new ProjectOrgPolicies(stack().s, 'p', { project: 'p', keyProject: 'p', cmekServices: ['storage'] }))
      .toThrow("ProjectOrgPolicies 't/p': cmekServices entry 'storage' is not an API name; write it like 'storage.googleapis.com'");
  });

  test('DataAccessAuditLogs refuses a service listed twice', () => {
    expect(() => new DataAccessAuditLogs(stack().s, 'a', { project: 'p', services: ['storage.googleapis.com', 'storage.googleapis.com'] }))
      .toThrow("DataAccessAuditLogs 't/a': 'storage.googleapis.com' is listed twice in services; remove the duplicate");
  });

  test('CmekLogBucket takes the logging key only, and a retention Cloud Logging accepts', () => {
    const { s, keyring } = stack();
    const storageKey = new CmekKey(s, 'storage', { keyring, keyClass: 'storage' });
    const loggingKey = new CmekKey(s, 'logging', { keyring, keyClass: 'logging' });
    expect(() => new CmekLogBucket(s, 'b1', { project: 'p', projectNumber: '123456789012', bucketId: 'logs', encryptionKey: storageKey }))
      .toThrow("CmekLogBucket 't/b1' encryptionKey: key 't/storage' is a 'storage' key; each resource class has its own key, so pass the 'logging' key");
    expect(() => new CmekLogBucket(s, 'b2', { project: 'p', projectNumber: '123456789012', bucketId: 'logs', encryptionKey: loggingKey, retentionDays: 0 }))
      .toThrow("CmekLogBucket 't/b2': retentionDays 0 is out of range; Cloud Logging keeps 1 to 3650 days");
    expect(() => new CmekLogBucket(s, 'b3', { project: 'p', projectNumber: '123456789012', bucketId: '_Default', encryptionKey: loggingKey }))
      .toThrow(/bucketId '_Default' is invalid/);
  });
});
