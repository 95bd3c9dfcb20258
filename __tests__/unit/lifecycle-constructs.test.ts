import { Testing, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CmekKey, CmekKeyring, evaluate, VertexTensorboard, WorkbenchInstance, WorkloadServiceAccount } from '../../src';
import { platformStack, resources, synthEnv } from '../support/synth';

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
  test.each(['training', 'tuning', 'prediction', 'web'] as const)('the %s tag the stacks name is the one scripts/container-build.sh pushes', (image) => {
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
    expect(params.tuning_image).toMatch(/\/tuning:[0-9a-f]{16}$/);
    expect(params.prediction_image).toMatch(/\/prediction:[0-9a-f]{16}$/);
  });
});
