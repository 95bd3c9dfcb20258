import { Testing } from 'cdktf';
import { ConfigError, DEFAULT_CONFIGS, loadConfigs, validateConfig } from '../../src/config';
import { buildApp } from '../../src/main';
import { MlopsPlatformStack } from '../../src/stacks/mlops-platform-stack';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const invalid = (patch: Record<string, unknown>) => validateConfig({ ...DEFAULT_CONFIGS.dev, ...patch }, 'dev').problems;

describe('the config refuses what would escalate or expose', () => {
  test('an escalation role in projectIam', () => {
    expect(invalid({ projectIam: { 'roles/iam.serviceAccountTokenCreator': ['group:ops@example.com'], 'roles/iam.serviceAccountUser': ['group:ops@example.com'], 'roles/aiplatform.viewer': ['group:ds@example.com'] } })).toEqual([
      "dev: projectIam.roles/iam.serviceAccountTokenCreator: 'roles/iam.serviceAccountTokenCreator' lets its holder grant itself more access (IAM, service-account or key administration, impersonation); the platform grants no escalation role from config or a construct: grant the narrowest role the job needs, on the resource it is for (the deployer's own path is PlatformDeployer)",
      "dev: projectIam.roles/iam.serviceAccountUser: 'roles/iam.serviceAccountUser' lets its holder grant itself more access (IAM, service-account or key administration, impersonation); the platform grants no escalation role from config or a construct: grant the narrowest role the job needs, on the resource it is for (the deployer's own path is PlatformDeployer)",
    ]);
    for (const role of ['roles/resourcemanager.projectIamAdmin', 'roles/iam.serviceAccountAdmin', 'roles/cloudkms.admin', 'roles/iam.securityAdmin']) {
      expect(invalid({ projectIam: { [role]: ['group:ops@example.com'] } })).toHaveLength(1);
    }
  });

  test.each(['allUsers', 'AllUsers', ' allAuthenticatedUsers ', 'principalSet://goog/public:all', 'user:allUsers'])('the public principal %p, wherever a principal goes', (member) => {
    const problems = [
      ...invalid({ sharedDataReaders: [member] }),
      ...invalid({ projectIam: { 'roles/aiplatform.viewer': [member] } }),
      ...invalid({ cicdPrincipal: member }),
    ];
    expect(problems).toHaveLength(3);
    for (const p of problems) expect(p).toContain(`'${member}' is public: this platform never grants access to everyone`);
  });

  test('members whose construct ids would collide, and a member listed twice', () => {
    expect(invalid({ sharedDataReaders: ['user:a.b@example.com', 'user:a-b@example.com'] })).toEqual([
      "dev: sharedDataReaders: 'user:a.b@example.com' and 'user:a-b@example.com' would both be granted as 'user-a-b-example-com'; keep one of them (the ids are derived from the member, punctuation dropped)",
    ]);
    expect(invalid({ projectIam: { 'roles/aiplatform.viewer': ['group:ds@example.com', 'group:ds@example.com'] } })).toEqual([
      "dev: projectIam.roles/aiplatform.viewer: 'group:ds@example.com' is listed 2 times; list it once",
    ]);
  });

  test('the app passes VMLOPS_CICD_CONFIG to the CI/CD config, not to the environments\' overrides', () => {
    expect(problemsOf(() => buildApp({ VMLOPS_BACKEND: 'local', VMLOPS_CICD_CONFIG: 'no-such-cicd.yaml' }))).toEqual([
      "cicd config file 'no-such-cicd.yaml' cannot be read (ENOENT); check VMLOPS_CICD_CONFIG",
    ]);
  });

  test('a VMLOPS_ variable that names no environment', () => {
    expect(problemsOf(() => loadConfigs({ env: { VMLOPS_PRD_PROJECT_ID: 'acme-ml-prod', VMLOPS_PROJECTID: 'x' } }))).toEqual([
      "VMLOPS_PRD_PROJECT_ID: 'VMLOPS_PRD_' names no environment; per-environment overrides are VMLOPS_<ENV>_<FIELD> with <ENV> one of DEV, STAGING, PROD",
      'VMLOPS_PROJECTID: unknown variable; the app reads VMLOPS_CONFIG, VMLOPS_ENVIRONMENTS, VMLOPS_BACKEND, VMLOPS_CICD_CONFIG and VMLOPS_<ENV>_<FIELD>',
    ]);
    // The test suite's own variables are not config.
    expect(loadConfigs({ env: { VMLOPS_CICD_CONFIG: 'cicd.yaml', VMLOPS_PLAN_DIR: '/tmp/plans', VMLOPS_CHECKOV: '/x', VMLOPS_TOKEN_TRACES: '1', VMLOPS_APP_BUNDLE_DIR: '/tmp/bundles' } })).toHaveLength(3);
  });

  test('an empty environment list', () => {
    for (const value of ['', ',', ' , ']) {
      expect(problemsOf(() => loadConfigs({ env: { VMLOPS_ENVIRONMENTS: value } }))).toEqual([
        `VMLOPS_ENVIRONMENTS: '${value}' names no environment, so nothing would be synthesized; list at least one of dev, staging, prod (comma-separated), or unset it for all`,
      ]);
    }
    expect(problemsOf(() => loadConfigs({ env: {}, environments: [] }))).toEqual(['environments: the list is empty; name at least one of dev, staging, prod']);
  });

  test('a customer id that is not one', () => {
    expect(invalid({ enforcement: { allowedMemberCustomerIds: ['example.com'] } })).toEqual([
      "dev: enforcement.allowedMemberCustomerIds.0: write a directory customer id like 'C03xgje4y' ('gcloud organizations list' shows it as DIRECTORY_CUSTOMER_ID)",
    ]);
  });
});

describe('enforcement switches, all on by default', () => {
  const synth = (env: NodeJS.ProcessEnv) => {
    const [config] = loadConfigs({ env: { ...env, VMLOPS_ENVIRONMENTS: 'dev' } });
    const stack = new MlopsPlatformStack(Testing.app({ stackTraces: false }), 'mlops-dev', { config, backend: 'local' });
    return JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, any>>> };
  };
  const policies = (tf: ReturnType<typeof synth>) => Object.values(tf.resource.google_org_policy_policy ?? {}).map((p) => p.name.split('/policies/')[1]).sort();

  test('an org policy the organisation sets above the project is switched off by name', () => {
    const tf = synth({ VMLOPS_DEV_ENFORCEMENT__ORG_POLICIES__RESOURCE_LOCATIONS: 'false' });
    expect(policies(tf)).toEqual(['gcp.restrictCmekCryptoKeyProjects', 'gcp.restrictNonCmekServices', 'iam.disableServiceAccountKeyCreation', 'storage.publicAccessPrevention', 'storage.uniformBucketLevelAccess']);
  });

  test('allowed member domains come from config', () => {
    const tf = synth({ VMLOPS_DEV_ENFORCEMENT__ALLOWED_MEMBER_CUSTOMER_IDS: '["C03xgje4y"]' });
    const domains = Object.values(tf.resource.google_org_policy_policy).find((p) => p.name.endsWith('/iam.allowedPolicyMemberDomains'));
    expect(domains?.spec.rules).toEqual([{ values: { allowed_values: ['C03xgje4y'] } }]);
  });

  test('audit logs and the log bucket can be turned off', () => {
    const tf = synth({ VMLOPS_DEV_ENFORCEMENT__DATA_ACCESS_AUDIT_LOGS: 'false', VMLOPS_DEV_ENFORCEMENT__LOG_BUCKET: 'false' });
    expect(tf.resource.google_project_iam_audit_config).toBeUndefined();
    expect(tf.resource.google_logging_project_bucket_config).toBeUndefined();
    expect(tf.resource.google_logging_project_sink).toBeUndefined();
    expect(policies(tf)).toHaveLength(6);
  });
});
