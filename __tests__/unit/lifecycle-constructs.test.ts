import { Testing, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CmekKey, CmekKeyring, EncryptedBucket, evaluate, PlatformNetwork, VertexTensorboard, WorkbenchInstance, WorkbenchLayer, WorkloadServiceAccount } from '../../src';
import { DEFAULT_CONFIGS } from '../../src/config';
import { DEFAULT_CICD_CONFIG } from '../../src/config/cicd';
import { MlopsPlatformStack } from '../../src/stacks/mlops-platform-stack';
import { deref, platformStack, resources, synthEnv } from '../support/synth';

const P = { project: 'acme-ml-dev', projectNumber: '123456789012' };

function fixture() {
  const app = Testing.app({ stackTraces: false });
  const stack = new TerraformStack(app, 'test');
  new GoogleProvider(stack, 'google', { project: P.project, region: 'europe-west4' });
  const keyring = new CmekKeyring(stack, 'ring', { project: P.project, location: 'europe-west4', name: 'ring' });
  const vertexKey = new CmekKey(stack, 'vertex-key', { keyring, keyClass: 'vertex-ai' });
  const workbenchKey = new CmekKey(stack, 'workbench-key', { keyring, keyClass: 'workbench' });
  const user = new WorkloadServiceAccount(stack, 'ada', { project: P.project, accountId: 'wb-ada', displayName: 'Workbench of Ada' });
  return { stack, keyring, vertexKey, workbenchKey, user };
}

const tf = (stack: TerraformStack) => JSON.parse(Testing.synth(stack));

const workbenchProps = (f: ReturnType<typeof fixture>) => ({
  ...P,
  name: 'ada-notebook',
  zone: 'europe-west4-a',
  encryptionKey: f.workbenchKey,
  serviceAccount: f.user,
  owner: 'ada@acme.example',
  subnet: 'projects/acme-ml-dev/regions/europe-west4/subnetworks/workbench',
});

describe('VertexTensorboard', () => {
  test('is on the vertex-ai key in its region, after the key grant', () => {
    const f = fixture();
    new VertexTensorboard(f.stack, 'tb', { ...P, displayName: 'mlops-dev-tensorboard', encryptionKey: f.vertexKey });
    const out = tf(f.stack);
    const [[, board]] = resources(out, 'google_vertex_ai_tensorboard');
    expect(board.region).toBe('europe-west4');
    expect(board.encryption_spec.kms_key_name).toMatch(/google_kms_crypto_key\.vertex-key.*\.id/);
    const grants = Object.values(out.resource.google_kms_crypto_key_iam_member ?? {}) as Record<string, string>[];
    expect(grants.map((g) => g.member)).toContain('serviceAccount:service-123456789012@gcp-sa-aiplatform.iam.gserviceaccount.com');
    expect(board.depends_on.some((d: string) => d.startsWith('google_kms_crypto_key_iam_member.'))).toBe(true);
    expect(evaluate(f.stack).findings).toEqual([]);
  });

  test('refuses a non-EU region and a key of another class', () => {
    const f = fixture();
    expect(() => new VertexTensorboard(f.stack, 'us', { ...P, displayName: 'x', encryptionKey: f.vertexKey, region: 'us-central1' })).toThrow(
      /VertexTensorboard 'test\/us': region 'us-central1' is not allowed: data must stay in the EU/,
    );
    expect(() => new VertexTensorboard(f.stack, 'wrong', { ...P, displayName: 'x', encryptionKey: f.workbenchKey })).toThrow(/workbench/);
  });

  test('fromTensorboardName checks the name', () => {
    const f = fixture();
    expect(VertexTensorboard.fromTensorboardName(f.stack, 'i', 'projects/p/locations/europe-west4/tensorboards/42').region).toBe('europe-west4');
    expect(() => VertexTensorboard.fromTensorboardName(f.stack, 'j', 'tensorboards/42')).toThrow(
      "VertexTensorboard.fromTensorboardName 'j': 'tensorboards/42' is not a TensorBoard name; write it as 'projects/<project>/locations/<region>/tensorboards/<id>'",
    );
  });
});

describe('WorkbenchInstance', () => {
  test('CMEK disks on the workbench key, no public IP, shielded VM, idle shutdown, the user account', () => {
    const f = fixture();
    new WorkbenchInstance(f.stack, 'wb', workbenchProps(f));
    const out = tf(f.stack);
    const [[, wb]] = resources(out, 'google_workbench_instance');
    expect(wb.location).toBe('europe-west4-a');
    expect(wb.instance_owners).toEqual(['ada@acme.example']);
    const gce = wb.gce_setup;
    expect(gce.disable_public_ip).toBe(true);
    expect(gce.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true });
    for (const disk of [gce.boot_disk, gce.data_disks]) {
      expect(disk.disk_encryption).toBe('CMEK');
      expect(disk.kms_key).toMatch(/google_kms_crypto_key\.workbench-key.*\.id/);
    }
    expect(gce.service_accounts).toEqual([{ email: expect.stringMatching(/google_service_account\.ada.*\.email/) }]);
    expect(gce.metadata['idle-timeout-seconds']).toBe('3600');
    expect(gce.metadata['notebook-disable-root']).toBe('true');
    expect(gce.network_interfaces).toEqual([{ subnet: 'projects/acme-ml-dev/regions/europe-west4/subnetworks/workbench' }]);
    const members = (Object.values(out.resource.google_kms_crypto_key_iam_member ?? {}) as Record<string, string>[]).map((g) => g.member).sort();
    expect(members).toEqual([
      'serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com',
      'serviceAccount:service-123456789012@gcp-sa-notebooks.iam.gserviceaccount.com',
    ]);
    expect(evaluate(f.stack).findings).toEqual([]);
  });

  test('collects every problem with its fix', () => {
    const f = fixture();
    expect(() =>
      new WorkbenchInstance(f.stack, 'bad', {
        ...workbenchProps(f),
        zone: 'europe-west1-b',
        subnet: 'default',
        owner: 'ada',
        idleTimeoutSeconds: 60,
      }),
    ).toThrow(
      [
        "WorkbenchInstance 'test/bad': encryptionKey is in europe-west4, the instance in europe-west1; Compute Engine needs the disk key in the disk's region",
        "WorkbenchInstance 'test/bad': subnet 'default' must be projects/<p>/regions/<region>/subnetworks/<name>",
        "WorkbenchInstance 'test/bad': owner 'ada' is not an e-mail address (the one user who may open the instance)",
        "WorkbenchInstance 'test/bad': idleTimeoutSeconds 60 is out of range; use 600 (10 minutes) to 1209600 (14 days)",
      ].join('\n'),
    );
  });

  test('a non-EU zone and a vertex-ai key are refused', () => {
    const f = fixture();
    expect(() => new WorkbenchInstance(f.stack, 'us', { ...workbenchProps(f), zone: 'us-central1-a' })).toThrow(/zone 'us-central1-a' is not allowed/);
    expect(() => new WorkbenchInstance(f.stack, 'k', { ...workbenchProps(f), encryptionKey: f.vertexKey })).toThrow(/vertex-ai/);
  });

  test('takes the shared IAM interface, on the instance in its zone (operating it, not JupyterLab access)', () => {
    const f = fixture();
    new WorkbenchInstance(f.stack, 'wb', { ...workbenchProps(f), iam: { 'roles/notebooks.viewer': ['group:ml-leads@acme.example'] } });
    const out = tf(f.stack);
    const [[, binding]] = resources(out, 'google_workbench_instance_iam_binding');
    expect(binding).toMatchObject({
      project: 'acme-ml-dev', location: 'europe-west4-a', role: 'roles/notebooks.viewer', members: ['group:ml-leads@acme.example'],
      name: expect.stringMatching(/^\$\{google_workbench_instance\.wb_[0-9A-F]{8}\.name\}$/),
    });
    expect(evaluate(f.stack).findings).toEqual([]);
    expect(() => new WorkbenchInstance(f.stack, 'public', { ...workbenchProps(f), name: 'x', iam: { 'roles/notebooks.viewer': ['allUsers'] } })).toThrow(/allUsers/);
  });

  test('VMC-NET-2: compliant as the construct makes it; a public IP, a weakened shielded VM or no idle shutdown is a finding', () => {
    const f = fixture();
    const wb = new WorkbenchInstance(f.stack, 'wb', workbenchProps(f));
    expect(evaluate(f.stack).findings.filter((x) => x.ruleId === 'VMC-NET-2')).toEqual([]);
    wb.resource.addOverride('gce_setup.disable_public_ip', false);
    wb.resource.addOverride('gce_setup.shielded_instance_config.enable_secure_boot', false);
    wb.resource.addOverride('gce_setup.metadata.idle-timeout-seconds', null);
    const findings = evaluate(f.stack).findings.filter((x) => x.ruleId === 'VMC-NET-2');
    expect(findings.map((x) => [x.path, x.problem, x.fix])).toEqual([[
      'test/wb/Resource',
      "it has a public IP (gce_setup.disable_public_ip is not true); shielded_instance_config.enable_secure_boot is not true; it never shuts down when idle (no 'idle-timeout-seconds' metadata)",
      'use WorkbenchInstance, which sets all three, and remove the override that changed them',
    ]]);
  });

  test('the CMEK guardrail catches a workbench disk on another class of key', () => {
    const f = fixture();
    const wb = new WorkbenchInstance(f.stack, 'wb', workbenchProps(f));
    wb.resource.addOverride('gce_setup.data_disks.kms_key', f.vertexKey.keyName);
    const findings = evaluate(f.stack).findings.filter((x) => x.path.startsWith('test/wb'));
    expect(findings.map((x) => x.ruleId)).toEqual(['VMC-CMEK-2']);
    expect(findings[0].problem).toBe("uses key 'test/vertex-key/Resource' of class 'vertex-ai', not 'workbench'");
  });
});

describe('the platform stacks', () => {
  test('every environment has a Tensorboard on its vertex-ai key', () => {
    const out = synthEnv('dev');
    const boards = resources(out, 'google_vertex_ai_tensorboard');
    expect(boards).toHaveLength(1);
    expect(boards[0][1].display_name).toBe('mlops-dev-tensorboard');
    expect(boards[0][1].encryption_spec.kms_key_name).toMatch(/keys_vertex-ai/);
    expect(platformStack('prod')).toBeDefined();
  });
});

describe('container image tags', () => {
  test.each(['training', 'tuning', 'prediction', 'validation', 'dataflow', 'web'] as const)('the %s tag the stacks name is the one scripts/container-build.sh pushes', (image) => {
    const { execFileSync } = require('child_process') as typeof import('child_process');
    const { containerImageTag } = require('../../src/container-images') as typeof import('../../src/container-images');
    const pushed = execFileSync('bash', ['scripts/container-build.sh', '--tag', image], { encoding: 'utf8' }).trim();
    expect(pushed).toMatch(/^[0-9a-f]{16}$/);
    expect(containerImageTag(image)).toBe(pushed);
  });

  test('the training run gets the pipeline account and the images of the platform registry', () => {
    const out = synthEnv('dev');
    const [[, fn]] = resources(out, 'google_cloudfunctions2_function');
    const params = JSON.parse(fn.service_config.environment_variables.PIPELINE_PARAMETERS ?? '{}');
    expect(params.pipeline_service_account).toMatch(/pipeline/);
    expect(params.training_image).toMatch(/^europe-west4-docker\.pkg\.dev\/example-mlops-dev\/[a-z0-9-]+\/training:[0-9a-f]{16}$/);
    expect(params.validation_image).toMatch(/^europe-west4-docker\.pkg\.dev\/example-mlops-dev\/[a-z0-9-]+\/validation:[0-9a-f]{16}$/);
    expect(params.tuning_image).toMatch(/\/tuning:[0-9a-f]{16}$/);
    expect(params.prediction_image).toMatch(/\/prediction:[0-9a-f]{16}$/);
  });
});

describe('WorkbenchLayer', () => {
  function layerFixture() {
    const f = fixture();
    const network = new PlatformNetwork(f.stack, 'net', { project: P.project, name: 'acme-dev', region: 'europe-west4' });
    const data = EncryptedBucket.fromBucketName(f.stack, 'data', { bucketName: 'acme-ml-dev-shared-data', location: 'europe-west4' });
    const pipeline = WorkloadServiceAccount.fromEmail(f.stack, 'pipeline', 'acme-d-pipeline@acme-ml-dev.iam.gserviceaccount.com');
    return { ...f, network, data, pipeline };
  }
  const props = (f: ReturnType<typeof layerFixture>) => ({
    ...P, naming: { prefix: 'acme', environment: 'dev' }, region: 'europe-west4', workbenchKey: f.workbenchKey,
    owner: 'user:ada@acme.example', network: f.network, readBuckets: [f.data], pipelineAccount: f.pipeline, idleShutdownMinutes: 90,
  });

  test('on the platform network, with an account of its own that reads data and runs pipelines, and nothing more', () => {
    const f = layerFixture();
    const layer = new WorkbenchLayer(f.stack, 'workbench', props(f));
    const out = tf(f.stack);
    const [[, wb]] = resources(out, 'google_workbench_instance');
    expect(wb.name).toBe('acme-dev-workbench');
    expect(wb.location).toBe('europe-west4-a');
    expect(wb.instance_owners).toEqual(['ada@acme.example']);
    expect(wb.gce_setup.network_interfaces).toEqual([{
      network: expect.stringMatching(/^projects\/acme-ml-dev\/global\/networks\/\$\{google_compute_network\.net_[0-9A-F]{8}\.name\}$/),
      subnet: expect.stringMatching(/^\$\{google_compute_subnetwork\.net_subnet_[0-9A-F]{8}\.id\}$/),
    }]);
    expect(wb.gce_setup.metadata['idle-timeout-seconds']).toBe('5400');
    const sa = Object.values(out.resource.google_service_account) as Record<string, string>[];
    expect(sa.map((a) => a.account_id)).toEqual(['wb-ada', 'acme-d-workbench']);
    expect(wb.gce_setup.service_accounts).toEqual([{ email: expect.stringMatching(/google_service_account\.workbench_accounts_workbench_[0-9A-F]{8}\.email/) }]);
    const mine = (g: Record<string, string>) => String(g.member).includes('workbench_accounts_workbench');
    const projectRoles = (Object.values(out.resource.google_project_iam_member) as Record<string, string>[]).filter(mine).map((g) => g.role).sort();
    expect(projectRoles).toEqual(['roles/aiplatform.user', 'roles/logging.logWriter']);
    expect((Object.values(out.resource.google_storage_bucket_iam_member) as Record<string, string>[]).filter(mine).map((g) => [g.bucket, g.role]))
      .toEqual([['acme-ml-dev-shared-data', 'roles/storage.objectViewer']]);
    const saGrants = (Object.values(out.resource.google_service_account_iam_member) as Record<string, string>[]).map((g) => [g.service_account_id.replace(/_[0-9A-F]{8}/, ''), g.role, g.member.replace(/_[0-9A-F]{8}/, '')]);
    expect(saGrants.sort()).toEqual([
      ['${google_service_account.workbench_accounts_workbench.name}', 'roles/iam.serviceAccountUser', 'user:ada@acme.example'],
      ['projects/acme-ml-dev/serviceAccounts/acme-d-pipeline@acme-ml-dev.iam.gserviceaccount.com', 'roles/iam.serviceAccountUser', 'serviceAccount:${google_service_account.workbench_accounts_workbench.email}'],
    ]);
    expect(layer.instance.resource.nameInput).toBe('acme-dev-workbench');
    expect(evaluate(f.stack).findings).toEqual([]);
  });

  test('refuses an owner who is not one user', () => {
    const f = layerFixture();
    expect(() => new WorkbenchLayer(f.stack, 'workbench', { ...props(f), owner: 'group:ds@acme.example' })).toThrow(
      "WorkbenchLayer 'test/workbench': owner 'group:ds@acme.example' is not one user; a Workbench instance has a single owner: write it as 'user:ada@example.com'",
    );
  });
});

describe('the platform stack with Workbench switched on', () => {
  const WORKBENCH = { enabled: true, owner: 'user:ada@example.com', machineType: 'n2-standard-4', idleShutdownMinutes: 90 };
  const stack = () => new MlopsPlatformStack(Testing.app({ stackTraces: false }), 'mlops-dev', {
    config: { ...DEFAULT_CONFIGS.dev, workbench: WORKBENCH }, backend: 'local', cicd: DEFAULT_CICD_CONFIG,
  });
  const out = tf(stack());
  const wbMember = (g: Record<string, string>) => String(g.member).includes('workbench_accounts_workbench') || String(g.member).includes('accounts_workbench_');

  test('one instance: CMEK disks on the workbench key, no public IP, shielded VM, idle shutdown, EU zone, the owner only', () => {
    const all = resources(out, 'google_workbench_instance');
    expect(all).toHaveLength(1);
    const [[id, wb]] = all;
    expect(id).toMatch(/^workbench_[0-9A-F]{8}$/);
    expect(wb.name).toBe('mlops-dev-workbench');
    expect(wb.project).toBe('example-mlops-dev');
    expect(wb.location).toBe('europe-west4-a');
    expect(wb.instance_owners).toEqual(['ada@example.com']);
    expect(wb.gce_setup.machine_type).toBe('n2-standard-4');
    expect(wb.gce_setup.disable_public_ip).toBe(true);
    expect(wb.gce_setup.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true });
    expect(wb.gce_setup.metadata).toEqual({
      'idle-timeout-seconds': '5400', 'notebook-disable-root': 'true', 'notebook-disable-downloads': 'true',
      'notebook-disable-terminal': 'false', 'report-event-health': 'true',
    });
    for (const disk of [wb.gce_setup.boot_disk, wb.gce_setup.data_disks]) {
      expect(disk.disk_encryption).toBe('CMEK');
      expect(deref(out, disk.kms_key)?.config.labels['key-class']).toBe('workbench');
    }
    expect(deref(out, wb.gce_setup.service_accounts[0].email)?.config.account_id).toBe('mlops-d-workbench');
  });

  test('the workbench key is granted to the Compute Engine and Notebooks agents only', () => {
    const [[keyId]] = resources(out, 'google_kms_crypto_key').filter(([, k]) => k.labels['key-class'] === 'workbench');
    const members = resources(out, 'google_kms_crypto_key_iam_member').filter(([, g]) => g.crypto_key_id.includes(`.${keyId}.`)).map(([, g]) => g.member).sort();
    expect(members).toEqual([
      'serviceAccount:service-100000000001@compute-system.iam.gserviceaccount.com',
      'serviceAccount:service-100000000001@gcp-sa-notebooks.iam.gserviceaccount.com',
    ]);
  });

  test("the instance's account reads the data buckets and runs pipelines as the pipeline account; no project editor, no write", () => {
    expect(resources(out, 'google_project_iam_member').filter(([, g]) => wbMember(g)).map(([, g]) => g.role).sort())
      .toEqual(['roles/aiplatform.user', 'roles/logging.logWriter']);
    expect(resources(out, 'google_storage_bucket_iam_member').filter(([, g]) => wbMember(g)).map(([, g]) => [deref(out, g.bucket)?.config.name, g.role]).sort())
      .toEqual([
        ['mlops-dev-pipeline-root', 'roles/storage.objectViewer'],
        ['mlops-dev-pipeline-storage', 'roles/storage.objectViewer'],
        ['mlops-dev-shared-data', 'roles/storage.objectViewer'],
      ]);
    const actAs = resources(out, 'google_service_account_iam_member').filter(([, g]) => wbMember(g)).map(([, g]) => [deref(out, g.service_account_id)?.config.account_id, g.role]);
    expect(actAs).toEqual([['mlops-d-pipeline', 'roles/iam.serviceAccountUser']]);
    // Who may act as the instance's account: its owner, and the deployer that creates the instance.
    const onIt = resources(out, 'google_service_account_iam_member').filter(([, g]) => deref(out, g.service_account_id)?.config.account_id === 'mlops-d-workbench');
    expect(onIt.map(([, g]) => [g.role, g.member.replace(/_[0-9A-F]{8}/, '')]).sort()).toEqual([
      ['roles/iam.serviceAccountAdmin', 'serviceAccount:${google_service_account.accounts_deployer.email}'],
      ['roles/iam.serviceAccountUser', 'serviceAccount:${google_service_account.accounts_deployer.email}'],
      ['roles/iam.serviceAccountUser', 'user:ada@example.com'],
    ]);
  });

  test('the deployer may administer Workbench and the planner may read it, only in this variant', () => {
    const roleOf = (acct: string, o: typeof out) => resources(o, 'google_project_iam_member').filter(([, g]) => g.member.includes(`accounts_${acct}_`) || g.member.includes(`federated_${acct}_`)).map(([, g]) => g.role);
    expect(roleOf('deployer', out).filter((r) => r.startsWith('roles/notebooks.'))).toEqual(['roles/notebooks.admin']);
    expect(roleOf('planner', out).filter((r) => r.startsWith('roles/notebooks.'))).toEqual(['roles/notebooks.viewer']);
    const off = tf(new MlopsPlatformStack(Testing.app({ stackTraces: false }), 'mlops-dev', { config: DEFAULT_CONFIGS.dev, backend: 'local', cicd: DEFAULT_CICD_CONFIG }));
    expect([...roleOf('deployer', off), ...roleOf('planner', off)].filter((r) => r.startsWith('roles/notebooks.'))).toEqual([]);
    expect(resources(off, 'google_kms_crypto_key').map(([, k]) => k.labels['key-class'])).not.toContain('workbench');
  });

  test('outputs name the instance and its account; the guardrails find nothing', () => {
    expect(out.output!.workbench_instance.value).toMatch(/^\$\{google_workbench_instance\.workbench_[0-9A-F]{8}\.name\}$/);
    expect(out.output!.service_account_workbench.value).toMatch(/^\$\{google_service_account\.accounts_workbench_[0-9A-F]{8}\.email\}$/);
    expect(evaluate(stack()).findings).toEqual([]);
  });
});

describe('the image-builder account', () => {
  const out = synthEnv('dev');
  const isBuilder = (m: string) => /accounts_imgbuild_[0-9A-F]{8}\.email/.test(m);

  test('pushes to the platform registry only, writes its logs, and uses its CMEK source-staging bucket', () => {
    expect(resources(out, 'google_project_iam_member').filter(([, g]) => isBuilder(g.member)).map(([, g]) => g.role)).toEqual(['roles/logging.logWriter']);
    const repoGrants = resources(out, 'google_artifact_registry_repository_iam_member').filter(([, g]) => isBuilder(g.member));
    expect(repoGrants.map(([, g]) => [deref(out, g.repository)?.config.repository_id, g.role])).toEqual([['mlops-dev-containers', 'roles/artifactregistry.writer']]);
    const bucketGrants = resources(out, 'google_storage_bucket_iam_member').filter(([, g]) => isBuilder(g.member));
    expect(bucketGrants.map(([, g]) => [deref(out, g.bucket)?.config.name, g.role])).toEqual([['mlops-dev-container-source', 'roles/storage.objectUser']]);
    // Nobody else reads or writes the staging bucket through a grant of its own.
    expect(resources(out, 'google_storage_bucket_iam_member').filter(([, g]) => deref(out, g.bucket)?.config.name === 'mlops-dev-container-source')).toHaveLength(1);
    const [[, bucket]] = resources(out, 'google_storage_bucket').filter(([, b]) => b.name === 'mlops-dev-container-source');
    expect(deref(out, bucket.encryption.default_kms_key_name)?.config.labels['key-class']).toBe('storage');
    expect(bucket.lifecycle_rule).toEqual([
      { action: { type: 'Delete' }, condition: { age: 30 } },
      { action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 30 } },
    ]);
  });

  test('the platform registry takes pushes from the image builder and the deployer only (no longer the functions builder)', () => {
    const writers = resources(out, 'google_artifact_registry_repository_iam_member')
      .filter(([, g]) => g.role === 'roles/artifactregistry.writer' && deref(out, g.repository)?.config.repository_id === 'mlops-dev-containers')
      .map(([, g]) => /accounts_([a-z]+)_/.exec(g.member)?.[1]).sort();
    expect(writers).toEqual(['deployer', 'imgbuild']);
  });

  test('only the deployer may act as it; its e-mail and the staging folder are outputs', () => {
    const onIt = resources(out, 'google_service_account_iam_member').filter(([, g]) => /accounts_imgbuild_/.test(g.service_account_id));
    expect(onIt.map(([, g]) => [g.role, /accounts_([a-z]+)_/.exec(g.member)?.[1]]).sort()).toEqual([
      ['roles/iam.serviceAccountAdmin', 'deployer'], ['roles/iam.serviceAccountUser', 'deployer'],
    ]);
    expect(out.output!.service_account_image_build.value).toMatch(/^\$\{google_service_account\.accounts_imgbuild_[0-9A-F]{8}\.email\}$/);
    expect(out.output!.container_source_staging.value).toMatch(/^gs:\/\/\$\{google_storage_bucket\.buckets_container-source_[0-9A-F]{8}\.name\}\/source$/);
  });
});

describe('scripts/container-build.sh over every image folder', () => {
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const { execFileSync } = require('child_process') as typeof import('child_process');
  const root = path.resolve(__dirname, '..', '..');

  test('lists exactly the folders under assets/ that have a cloudbuild.yaml, each building as the image builder with Cloud Logging only', () => {
    const found: string[] = [];
    const walk = (dir: string, depth: number): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules') continue;
        if (e.isFile() && e.name === 'cloudbuild.yaml') found.push(path.basename(dir));
        else if (e.isDirectory() && depth < 2) walk(path.join(dir, e.name), depth + 1);
      }
    };
    walk(path.join(root, 'assets'), 0);
    expect(found.length).toBeGreaterThanOrEqual(3);
    const listed = execFileSync('bash', ['scripts/container-build.sh', '--list'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual([...found].sort());
    expect(listed).toEqual(expect.arrayContaining(['prediction', 'training', 'tuning']));
  });
});
