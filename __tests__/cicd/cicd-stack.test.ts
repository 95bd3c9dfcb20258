import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { VariableGroup } from '../../src/generated/azuredevops/variable-group';
import {
  AzdoVariableGroup, AzdoProject, CicdConfig, CicdStack, DEFAULT_CICD_CONFIG, DEFAULT_CONFIGS, ENVIRONMENTS, evaluate,
  loadCicdConfig, MlopsPlatformStack, PlatformConstruct, ConfigError,
} from '../../src';

type Tf = { resource: Record<string, Record<string, Record<string, any>>>; provider?: Record<string, any>; terraform?: any; output?: Record<string, any> };
const envs = ENVIRONMENTS.map((e) => DEFAULT_CONFIGS[e]);

function cicdStack(config: CicdConfig = DEFAULT_CICD_CONFIG): CicdStack {
  return new CicdStack(Testing.app({ stackTraces: false }), 'mlops-cicd', { config, environments: envs, backend: 'local' });
}
const synth = (stack: TerraformStack): Tf => JSON.parse(Testing.synth(stack));
const all = (tf: Tf, type: string): Record<string, any>[] => Object.values(tf.resource[type] ?? {});

describe('CicdStack (default config: project and repository created)', () => {
  const tf = synth(cicdStack());

  test('creates exactly these Azure DevOps resources', () => {
    const counts = Object.fromEntries(Object.entries(tf.resource).map(([t, r]) => [t, Object.keys(r).length]));
    expect(counts).toEqual({
      azuredevops_project: 1,
      azuredevops_git_repository: 1,
      azuredevops_build_definition: 1,
      azuredevops_branch_policy_build_validation: 1,
      azuredevops_branch_policy_min_reviewers: 1,
      azuredevops_environment: 3,
      azuredevops_check_exclusive_lock: 3,
      azuredevops_check_branch_control: 3,
      azuredevops_check_approval: 2,
      azuredevops_group: 2,
      azuredevops_variable_group: 3,
      azuredevops_pipeline_authorization: 7,
    });
  });

  test('the provider takes only the organisation URL; its credentials come from the environment', () => {
    expect(tf.provider).toEqual({ azuredevops: [{ org_service_url: 'https://dev.azure.com/example-org' }] });
    expect(tf.terraform.required_providers.azuredevops).toEqual({ source: 'microsoft/azuredevops', version: '1.16.0' });
  });

  test('the project is private with only Repos and Pipelines on', () => {
    expect(all(tf, 'azuredevops_project')[0]).toMatchObject({
      name: 'vertex-mlops', visibility: 'private', version_control: 'Git',
      features: { boards: 'disabled', testplans: 'disabled', artifacts: 'disabled', repositories: 'enabled', pipelines: 'enabled' },
    });
  });

  test('the pipeline runs azure-pipelines.yml on main, CI and pull requests, never for forks', () => {
    const def = all(tf, 'azuredevops_build_definition')[0];
    expect(def.repository).toMatchObject({ repo_type: 'TfsGit', branch_name: 'refs/heads/main', yml_path: 'azure-pipelines.yml' });
    expect(def.ci_trigger).toEqual({ use_yaml: true });
    expect(def.pull_request_trigger).toEqual({ use_yaml: true, forks: { enabled: false, share_secrets: false } });
    expect(def.variable_groups).toHaveLength(3);
  });

  test('main is protected: the pipeline must pass and two reviewers (not the last pusher) approve', () => {
    const bv = all(tf, 'azuredevops_branch_policy_build_validation')[0];
    expect(bv).toMatchObject({ enabled: true, blocking: true });
    expect(bv.settings.scope).toEqual([expect.objectContaining({ repository_ref: 'refs/heads/main', match_type: 'Exact' })]);
    expect(bv.settings.build_definition_id).toMatch(/azuredevops_build_definition\.pipeline/);
    const mr = all(tf, 'azuredevops_branch_policy_min_reviewers')[0];
    expect(mr).toMatchObject({ enabled: true, blocking: true });
    expect(mr.settings).toMatchObject({ reviewer_count: 2, submitter_can_vote: false, last_pusher_cannot_approve: true, on_push_reset_approved_votes: true });
  });

  test('every environment: only main deploys, one at a time; staging and prod wait for their approvers', () => {
    expect(all(tf, 'azuredevops_environment').map((e) => e.name).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const c of all(tf, 'azuredevops_check_branch_control')) {
      expect(c).toMatchObject({ allowed_branches: 'refs/heads/main', verify_branch_protection: true, ignore_unknown_protection_status: false, target_resource_type: 'environment' });
    }
    for (const c of all(tf, 'azuredevops_check_exclusive_lock')) expect(c.target_resource_type).toBe('environment');
    const approvals = Object.entries(tf.resource.azuredevops_check_approval);
    expect(approvals.map(([id]) => id.replace(/_[0-9A-F]{8}$/, '')).sort()).toEqual(['environment-prod_approval', 'environment-staging_approval']);
    for (const [, a] of approvals) {
      expect(a).toMatchObject({ minimum_required_approvers: 1, requester_can_approve: false, timeout: 1440, target_resource_type: 'environment' });
      expect(a.approvers).toEqual([expect.stringMatching(/^\$\{azuredevops_group\.approvers-(staging|prod)_[0-9A-F]{8}\.origin_id\}$/)]);
    }
    expect(all(tf, 'azuredevops_group').map((g) => g.display_name).sort()).toEqual(['vertex-mlops production approvers', 'vertex-mlops staging approvers']);
  });

  test('the dev variable group holds exactly the plain values the pipeline reads', () => {
    const dev = all(tf, 'azuredevops_variable_group').find((g) => g.name === 'vmlops-dev')!;
    expect(dev.allow_access).toBe(false);
    expect(dev.variable).toEqual([
      { name: 'DEPLOYER_SERVICE_ACCOUNT', value: 'mlops-d-deployer@example-mlops-dev.iam.gserviceaccount.com' },
      { name: 'GCP_PROJECT_ID', value: 'example-mlops-dev' },
      { name: 'GCP_PROJECT_NUMBER', value: DEFAULT_CONFIGS.dev.projectNumber },
      { name: 'GCP_REGION', value: 'europe-west4' },
      { name: 'PLANNER_SERVICE_ACCOUNT', value: 'mlops-d-planner@example-mlops-dev.iam.gserviceaccount.com' },
      { name: 'STATE_BUCKET', value: 'example-mlops-tfstate-dev' },
      { name: 'WIF_POOL_ID', value: 'mlops-dev-azure-devops' },
      { name: 'WIF_PROVIDER_ID', value: 'azure-pipelines' },
    ]);
  });

  test('the pipeline alone is authorized for its repository, environments and variable groups', () => {
    const auth = all(tf, 'azuredevops_pipeline_authorization');
    expect(auth.map((a) => a.type).sort()).toEqual(['environment', 'environment', 'environment', 'repository', 'variablegroup', 'variablegroup', 'variablegroup']);
    for (const a of auth) expect(a.pipeline_id).toMatch(/azuredevops_build_definition\.pipeline_[0-9A-F]{8}\.id/);
  });

  test('every resource comes from a construct and the guardrails find nothing', () => {
    expect(evaluate(cicdStack()).findings).toEqual([]);
  });
});

describe('CicdStack adopting an existing project and repository', () => {
  const config: CicdConfig = {
    ...DEFAULT_CICD_CONFIG,
    project: { name: 'ml', id: '11111111-2222-4333-8444-555555555555' },
    repository: { name: 'ml', id: '66666666-7777-4888-9999-000000000000' },
    approvals: { prod: { groupOriginId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' } },
  };
  const tf = synth(cicdStack(config));

  test('creates neither, and points everything at their ids', () => {
    expect(tf.resource.azuredevops_project).toBeUndefined();
    expect(tf.resource.azuredevops_git_repository).toBeUndefined();
    expect(tf.resource.azuredevops_group).toBeUndefined();
    for (const r of all(tf, 'azuredevops_environment')) expect(r.project_id).toBe('11111111-2222-4333-8444-555555555555');
    expect(all(tf, 'azuredevops_build_definition')[0].repository.repo_id).toBe('66666666-7777-4888-9999-000000000000');
    expect(all(tf, 'azuredevops_check_approval').map((a) => a.approvers)).toEqual([['aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee']]);
    const repoAuth = all(tf, 'azuredevops_pipeline_authorization').find((a) => a.type === 'repository')!;
    expect(repoAuth.resource_id).toBe('11111111-2222-4333-8444-555555555555.66666666-7777-4888-9999-000000000000');
  });
});

describe('the environment stacks admit this organisation\'s pipelines keylessly', () => {
  const stack = new MlopsPlatformStack(Testing.app({ stackTraces: false }), 'mlops-prod', { config: DEFAULT_CONFIGS.prod, backend: 'local', cicd: DEFAULT_CICD_CONFIG });
  const tf = synth(stack);
  const pool = `principalSet://iam.googleapis.com/projects/${DEFAULT_CONFIGS.prod.projectNumber}/locations/global/workloadIdentityPools/mlops-prod-azure-devops`;

  test('one pool and one OIDC provider for Azure DevOps, admitting one organisation and project', () => {
    expect(all(tf, 'google_iam_workload_identity_pool')).toEqual([expect.objectContaining({ workload_identity_pool_id: 'mlops-prod-azure-devops', project: 'example-mlops-prod' })]);
    const [provider] = all(tf, 'google_iam_workload_identity_pool_provider');
    expect(provider.oidc).toEqual({ issuer_uri: 'https://vstoken.dev.azure.com/0a1b2c3d-0000-4000-8000-00000000abcd', allowed_audiences: ['api://AzureADTokenExchange'] });
    expect(provider.attribute_condition).toBe("assertion.org_id == '0a1b2c3d-0000-4000-8000-00000000abcd' && assertion.sub.startsWith('p://example-org/vertex-mlops/')");
    expect(provider.attribute_mapping).toEqual({
      'google.subject': 'assertion.sub',
      'attribute.organization_id': 'assertion.org_id',
      'attribute.project_id': 'assertion.prj_id',
      'attribute.ref': 'assertion.rpo_ref',
      'attribute.deploy_branch': "assertion.rpo_ref == 'refs/heads/main' ? 'yes' : 'no'",
    });
  });

  test('with the project GUID known, the condition pins it as well', () => {
    const s = new MlopsPlatformStack(Testing.app({ stackTraces: false }), 'mlops-dev', {
      config: DEFAULT_CONFIGS.dev, backend: 'local', cicd: { ...DEFAULT_CICD_CONFIG, project: { name: 'vertex-mlops', id: '11111111-2222-4333-8444-555555555555' } },
    });
    expect(all(synth(s), 'google_iam_workload_identity_pool_provider')[0].attribute_condition)
      .toBe("assertion.org_id == '0a1b2c3d-0000-4000-8000-00000000abcd' && assertion.sub.startsWith('p://example-org/vertex-mlops/') && assertion.prj_id == '11111111-2222-4333-8444-555555555555'");
  });

  test('any run may impersonate the planner; only runs of main the deployer; nobody else', () => {
    const wiu = all(tf, 'google_service_account_iam_member').filter((m) => m.role === 'roles/iam.workloadIdentityUser');
    expect(wiu.map((m) => [m.service_account_id.replace(/^\$\{google_service_account\.([^.]+)\.name\}$/, '$1').replace(/_[0-9A-F]{8}$/, ''), m.member]).sort()).toEqual([
      ['accounts_deployer', `${pool}/attribute.deploy_branch/yes`],
      ['federated_planner', `${pool}/*`],
    ]);
  });

  test('the planner holds viewer-type predefined roles only, and reads the state bucket', () => {
    const planner = Object.keys(tf.resource.google_service_account).find((id) => id.startsWith('federated_planner'))!;
    const roles = all(tf, 'google_project_iam_member').filter((m) => String(m.member).includes(`google_service_account.${planner}.`)).map((m) => m.role).sort();
    expect(roles).toEqual([
      'roles/aiplatform.viewer', 'roles/bigquery.metadataViewer', 'roles/cloudfunctions.viewer', 'roles/cloudkms.viewer',
      'roles/cloudscheduler.viewer', 'roles/composer.environmentAndStorageObjectViewer', 'roles/compute.networkViewer', 'roles/dns.reader',
      'roles/eventarc.viewer', 'roles/iam.securityReviewer', 'roles/iam.serviceAccountViewer', 'roles/iam.workloadIdentityPoolViewer',
      'roles/logging.viewer', 'roles/monitoring.viewer', 'roles/orgpolicy.policyViewer', 'roles/pubsub.viewer', 'roles/run.viewer',
      'roles/secretmanager.viewer', 'roles/serviceusage.serviceUsageViewer', 'roles/storage.bucketViewer', 'roles/workflows.viewer',
    ]);
    for (const r of roles) expect(r).toMatch(/(viewer|Viewer|securityReviewer|dns\.reader)$/);
    const everything = JSON.stringify(tf.resource);
    expect(everything).not.toMatch(/"roles\/(viewer|editor|owner)"/);
    expect(all(tf, 'google_storage_bucket_iam_member').filter((m) => String(m.member).includes(planner))
      .map((m) => [m.bucket, m.role]).sort()).toEqual([['example-mlops-tfstate-prod', 'roles/storage.objectViewer']]);
    expect(all(tf, 'google_artifact_registry_repository_iam_member').filter((m) => String(m.member).includes(planner)).map((m) => m.role))
      .toEqual(['roles/artifactregistry.reader', 'roles/artifactregistry.reader']);
  });

  test('the token exchange APIs are on, and the outputs give the pipeline what it needs', () => {
    expect(all(tf, 'google_project_service').map((s) => s.service)).toEqual(expect.arrayContaining(['sts.googleapis.com', 'iamcredentials.googleapis.com']));
    expect(tf.output!.workload_identity_provider.value).toBe(`projects/${DEFAULT_CONFIGS.prod.projectNumber}/locations/global/workloadIdentityPools/mlops-prod-azure-devops/providers/azure-pipelines`);
  });
});

describe('no credential anywhere in what npm run synth writes', () => {
  test('every stack of the app: no PAT, key, password or secret variable', () => {
    const { buildApp } = require('../../src/main');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cicd-synth-'));
    try {
      (buildApp({ VMLOPS_BACKEND: 'local' }, out) as App).synth();
      const stacks = fs.readdirSync(path.join(out, 'stacks')).sort();
      expect(stacks).toEqual(['mlops-cicd', 'mlops-dev', 'mlops-prod', 'mlops-staging']);
      for (const s of stacks) {
        const text = fs.readFileSync(path.join(out, 'stacks', s, 'cdk.tf.json'), 'utf8');
        expect(`${s}: ${text.match(/personal_access_token|"password"|client_secret|secret_value|"is_secret": ?true|private_key|google_service_account_key|BEGIN [A-Z ]*PRIVATE KEY/g)}`).toBe(`${s}: null`);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

/** A library-owned scope, so that only the rule under test fires (not VMC-RAW-1). */
class Owned extends PlatformConstruct {
  constructor(scope: Construct, id: string) { super(scope, id); }
}
function bare(): TerraformStack {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'test');
  new GoogleProvider(stack, 'google', { project: 'acme-ml-dev', region: 'europe-west4' });
  return stack;
}
const findings = (s: TerraformStack, id: string) => evaluate(s).findings.filter((f) => f.ruleId === id);

describe('VMC-SECRET-1 no credentials in a stack', () => {
  test('compliant: the variable groups the CI/CD stack makes', () => {
    expect(findings(cicdStack(), 'VMC-SECRET-1')).toEqual([]);
  });
  test('non-compliant: a secret variable, and a service-account key', () => {
    const s = bare();
    const o = new Owned(s, 'o');
    const project = AzdoProject.fromProject(o, 'p', { projectId: '11111111-2222-4333-8444-555555555555', projectName: 'ml' });
    new VariableGroup(o, 'vg', { projectId: project.projectId, name: 'g', variable: [{ name: 'TOKEN', secretValue: 'x', isSecret: true }] });
    new ServiceAccountKey(o, 'key', { serviceAccountId: 'projects/p/serviceAccounts/a@p.iam.gserviceaccount.com' });
    expect(findings(s, 'VMC-SECRET-1').map((f) => [f.path, f.problem]).sort()).toEqual([
      ['test/o/key', 'google_service_account_key creates a long-lived credential'],
      ['test/o/vg', 'azuredevops_variable_group sets variable.0.is_secret: a credential would be stored in the configuration and the state'],
    ]);
  });
  test('AzdoVariableGroup refuses a credential-looking name before synth', () => {
    const s = bare();
    const project = AzdoProject.fromProject(s, 'p', { projectId: '11111111-2222-4333-8444-555555555555', projectName: 'ml' });
    expect(() => new AzdoVariableGroup(s, 'vg', { project, name: 'g', variables: { GCP_PROJECT_ID: 'x', DEPLOY_TOKEN: 'abc' } }))
      .toThrow("variable 'DEPLOY_TOKEN' looks like a credential; the pipeline is keyless (Workload Identity Federation), so keep no secret here");
  });
});

describe('VMC-WIF-1 federated identities need a condition', () => {
  test('compliant: AzureDevopsFederation', () => {
    const s = new MlopsPlatformStack(Testing.app({ stackTraces: false }), 'mlops-dev', { config: DEFAULT_CONFIGS.dev, backend: 'local', cicd: DEFAULT_CICD_CONFIG });
    expect(findings(s, 'VMC-WIF-1')).toEqual([]);
    expect(evaluate(s).findings).toEqual([]);
  });
  test('non-compliant: a provider that admits every token of the issuer', () => {
    const s = bare();
    new IamWorkloadIdentityPoolProvider(new Owned(s, 'o'), 'p', {
      workloadIdentityPoolId: 'pool', workloadIdentityPoolProviderId: 'any', attributeMapping: { 'google.subject': 'assertion.sub' },
      oidc: { issuerUri: 'https://vstoken.dev.azure.com/0a1b2c3d-0000-4000-8000-00000000abcd' },
    });
    expect(findings(s, 'VMC-WIF-1')).toEqual([expect.objectContaining({ path: 'test/o/p', problem: expect.stringContaining('has no attribute_condition') })]);
  });
});

describe('the CI/CD config', () => {
  // each file in a temporary folder of its own, removed after the tests
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const write = (name: string, text: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cicd-cfg-'));
    dirs.push(dir);
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  test('a YAML file overrides the defaults', () => {
    const f = write('cicd.yaml', 'organization:\n  url: https://dev.azure.com/acme\nminimumReviewers: 3\n');
    const cfg = loadCicdConfig({ file: f, env: {} });
    expect(cfg.organization).toEqual({ url: 'https://dev.azure.com/acme', id: '0a1b2c3d-0000-4000-8000-00000000abcd' });
    expect(cfg.minimumReviewers).toBe(3);
  });

  test('every mistake is reported at once, naming the field, the value and the fix', () => {
    const f = write('cicd.json', JSON.stringify({
      organization: { url: 'https://acme.visualstudio.com/', id: 'acme' },
      minimumReviewers: 0,
      approvals: { prod: { group: 'x' } },
      extra: true,
    }));
    let error: ConfigError | undefined;
    try {
      loadCicdConfig({ file: f, env: {} });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const src = `cicd (${f})`;
    expect(error!.problems).toEqual(expect.arrayContaining([
      `${src}: organization.url: organization.url 'https://acme.visualstudio.com/' is not an Azure DevOps organisation URL: write https://dev.azure.com/<organisation>, without a trailing slash`,
      expect.stringMatching(new RegExp(`^${src.replace(/[()./]/g, '\\$&')}: organization.id: 'acme' is not the organisation id: a lower-case GUID`)),
      `${src}: minimumReviewers: minimumReviewers must be at least 1: every change to main is reviewed`,
      `${src}: approvals.prod: write { groupName: "<new group>" } or { groupOriginId: "<existing group GUID>" }`,
      `${src}: (root): unknown field(s) 'extra': remove them or fix the spelling`,
    ]));
    expect(error!.problems).toHaveLength(5);
  });

  test('an approval from the file replaces the default one', () => {
    const f = write('cicd.json', JSON.stringify({ approvals: { prod: { groupOriginId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' } } }));
    expect(loadCicdConfig({ file: f, env: {} }).approvals).toEqual({
      staging: { groupName: 'vertex-mlops staging approvers' }, prod: { groupOriginId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' },
    });
  });

  test('prod must have approvers', () => {
    const f = write('cicd.json', JSON.stringify({ approvals: { prod: null } }));
    expect(() => loadCicdConfig({ file: f, env: {} })).toThrow(/approvals\.prod/);
  });
});
