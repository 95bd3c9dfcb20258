import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, DEFAULT_CONFIGS, loadConfig, loadConfigs, validateConfig } from '../../src/config';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const base = DEFAULT_CONFIGS.dev;
const invalid = (patch: Record<string, unknown>) => validateConfig({ ...base, ...patch }, 'dev').problems;

describe('embedded defaults', () => {
  test.each(['dev', 'staging', 'prod'])('%s validates', (env) => {
    expect(validateConfig(DEFAULT_CONFIGS[env as 'dev'], env).problems).toEqual([]);
  });

  test('loadConfigs with no overrides returns all three environments in order', () => {
    expect(loadConfigs({ env: {} }).map((c) => c.environment)).toEqual(['dev', 'staging', 'prod']);
  });
});

describe('bad input names the field, the value and the fix', () => {
  test('non-EU region', () => {
    const [p] = invalid({ region: 'us-central1' });
    expect(p).toMatch(/^dev: region: region 'us-central1' is not allowed: data must stay in the EU; use one of .*europe-west4/);
  });

  test('European regions outside the EU are refused too', () => {
    for (const region of ['europe-west2', 'europe-west6']) {
      expect(invalid({ region })[0]).toMatch(new RegExp(`^dev: region: region '${region}' is not allowed: data must stay in the EU`));
    }
  });

  test('malformed project id', () => {
    expect(invalid({ projectId: 'My_Project' })[0]).toMatch(/projectId: project id 'My_Project' is malformed: use 6-30 lowercase/);
  });

  test('malformed project number', () => {
    expect(invalid({ projectNumber: '12ab' })[0]).toMatch(/projectNumber: project number '12ab' is malformed/);
  });

  test('state bucket name GCS would reject', () => {
    expect(invalid({ stateBucket: 'Google_State' })[0]).toMatch(/stateBucket: bucket name 'Google_State' must use lowercase/);
    expect(invalid({ stateBucket: 'goog-state' })[0]).toMatch(/stateBucket: bucket name 'goog-state' contains "goog"/);
    expect(invalid({ stateBucket: 'my-google-state' })[0]).toMatch(/contains "goog"\/"google"/);
    expect(invalid({ stateBucket: 'my-goog-state' })).toEqual([]);
    expect(invalid({ stateBucket: 'ab' })[0]).toMatch(/is 2 characters long; GCS accepts 3 to 63/);
  });

  test('a prefix that makes a derived bucket name illegal', () => {
    const problems = invalid({ namePrefix: 'googley' });
    expect(problems.some((p) => /namePrefix: derived bucket name 'googley-dev-pipeline-root' contains "goog"/.test(p))).toBe(true);
  });

  test('rotation period over 90 days', () => {
    expect(invalid({ keyRotationSeconds: 91 * 86400 })[0]).toMatch(
      /keyRotationSeconds: rotation period 7862400s \(91.0 days\) is out of range: keys must rotate at least every 90 days/,
    );
  });

  test('unknown environment', () => {
    expect(invalid({ environment: 'qa' })[0]).toMatch(/environment: unknown environment 'qa'; use one of dev, staging, prod/);
    expect(problemsOf(() => loadConfig('qa', { env: {} }))[0]).toMatch(/unknown environment 'qa'/);
  });

  test('primitive role', () => {
    expect(invalid({ projectIam: { 'roles/editor': ['group:ml@example.com'] } })[0]).toMatch(
      /projectIam\.roles\/editor: 'roles\/editor' is a primitive role.*use a predefined role/,
    );
  });

  test('data side: partition expiry, sync schedule, warehouse readers and network ranges name field, value and fix', () => {
    const data = DEFAULT_CONFIGS.dev.data;
    expect(invalid({ data: { ...data, partitionExpirationDays: 0 } })).toEqual([
      'dev: data.partitionExpirationDays: partition expiration 0 days must be a whole number of days from 1 to 3650 (ten years), e.g. 90',
    ]);
    expect(invalid({ data: { ...data, featureStore: { enabled: true, syncSchedule: 'hourly' } } })).toEqual([
      "dev: data.featureStore.syncSchedule: 'hourly' is not a 5-field cron expression; write it like '0 3 * * *' (03:00 daily)",
    ]);
    expect(invalid({ data: { ...data, warehouseReaders: ['allAuthenticatedUsers'] } })[0]).toMatch(/^dev: data\.warehouseReaders\.0: 'allAuthenticatedUsers' is public/);
    expect(invalid({ network: { subnetRange: '8.8.8.0/24' } })).toEqual([
      "dev: network.subnetRange: '8.8.8.0/24' is not private address space; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    ]);
    expect(invalid({ network: { subnetRange: '10.20.0.0/24', privateServiceRange: '10.30.0.0/26' } })).toEqual([
      "dev: network.privateServiceRange: '10.30.0.0/26' is a /26; use a prefix length from /16 to /24",
    ]);
    expect(DEFAULT_CONFIGS.prod.data).toEqual({
      partitionExpirationDays: 730, warehouseReaders: [], dataflowPreprocessing: true, featureStore: { enabled: false, syncSchedule: '0 4 * * *' },
    });
  });

  test('public principal', () => {
    expect(invalid({ sharedDataReaders: ['allUsers'] })[0]).toMatch(/sharedDataReaders\.0: 'allUsers' is public/);
    expect(invalid({ projectIam: { 'roles/aiplatform.viewer': ['allAuthenticatedUsers'] } })[0]).toMatch(/'allAuthenticatedUsers' is public/);
  });

  test('an ingest schedule that is not once a day', () => {
    expect(invalid({ composer: { ...base.composer, ingestSchedule: '*/15 * * * *' } })[0]).toMatch(
      /composer\.ingestSchedule: '\*\/15 \* \* \* \*' is not a once-a-day cron/,
    );
    expect(invalid({ composer: { ...base.composer, ingestSchedule: '45 23 * * *' } })).toEqual([]);
  });

  test('a Composer 2 image, which ComposerEnv would refuse at synth', () => {
    expect(invalid({ composer: { ...base.composer, imageVersion: 'composer-2.9.7-airflow-2.9.3' } })).toEqual([
      "dev: composer.imageVersion: 'composer-2.9.7-airflow-2.9.3' is not a Cloud Composer 3 image; the platform runs on Composer 3 (custom bucket, private environment), so write it like 'composer-3-airflow-3.1.7'",
    ]);
    expect(invalid({ composer: { ...base.composer, imageVersion: 'composer-3-airflow-2.10.5-build.12' } })).toEqual([]);
  });

  test('a time zone Cloud Scheduler would refuse at apply', () => {
    expect(invalid({ serving: { ...base.serving, timeZone: 'Europe/Amsterdamm' } })).toEqual([
      "dev: serving.timeZone: time zone 'Europe/Amsterdamm' is not a known time zone; use an IANA time zone name such as 'Europe/Amsterdam' or 'Etc/UTC'",
    ]);
    expect(invalid({ serving: { ...base.serving, timeZone: 'GMT+1' } })[0]).toMatch(/serving\.timeZone: time zone 'GMT\+1' is not a known time zone/);
    expect(invalid({ serving: { ...base.serving, timeZone: 'europe/amsterdam' } })[0]).toMatch(/time zone 'europe\/amsterdam' is not a time zone name/);
    expect(invalid({ serving: { ...base.serving, timeZone: 'Etc/UTC' } })).toEqual([]);
  });

  test('Workbench: off by default; on, it needs one user as owner and an idle shutdown Google accepts', () => {
    expect(base.workbench).toEqual({ enabled: false, machineType: 'e2-standard-4', idleShutdownMinutes: 60 });
    expect(invalid({ workbench: { ...base.workbench, enabled: true } })).toEqual([
      "dev: workbench.owner: workbench is enabled but has no owner; name the one user who may open it, e.g. 'user:ada@example.com'",
    ]);
    expect(invalid({ workbench: { ...base.workbench, enabled: true, owner: 'group:data-science@example.com', idleShutdownMinutes: 5 } })).toEqual([
      "dev: workbench.owner: owner 'group:data-science@example.com' is not one user; a Workbench instance has a single owner: write it as 'user:ada@example.com'",
      'dev: workbench.idleShutdownMinutes: idle shutdown 5 minutes is out of range; use 10 to 20160 (14 days)',
    ]);
    expect(invalid({ workbench: { ...base.workbench, enabled: true, owner: 'user:ada@example.com' } })).toEqual([]);
  });

  test('unknown field is reported, not ignored', () => {
    expect(invalid({ regoin: 'europe-west1' })[0]).toMatch(/unknown field\(s\) 'regoin': remove them or fix the spelling/);
  });

  test('all problems of a config are reported together', () => {
    const problems = invalid({ region: 'us-east1', projectId: 'X', keyRotationSeconds: 1e9, sharedDataReaders: ['allUsers'] });
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(':')[1].trim()).sort()).toEqual(['keyRotationSeconds', 'projectId', 'region', 'sharedDataReaders.0']);
  });
});

describe('overrides without editing code', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a YAML file overrides fields per environment and keeps the rest', () => {
    const file = path.join(dir, 'platform.yaml');
    fs.writeFileSync(file, 'prod:\n  projectId: acme-ml-prod\n  projectNumber: "998877665544"\n  composer:\n    environmentSize: ENVIRONMENT_SIZE_LARGE\n');
    const prod = loadConfig('prod', { file, env: {} });
    expect(prod.projectId).toBe('acme-ml-prod');
    expect(prod.projectNumber).toBe('998877665544');
    expect(prod.composer.environmentSize).toBe('ENVIRONMENT_SIZE_LARGE');
    expect(prod.composer.imageVersion).toBe(DEFAULT_CONFIGS.prod.composer.imageVersion);
    expect(loadConfig('dev', { file, env: {} }).projectId).toBe(DEFAULT_CONFIGS.dev.projectId);
  });

  test('a JSON file works the same', () => {
    const file = path.join(dir, 'platform.json');
    fs.writeFileSync(file, JSON.stringify({ dev: { region: 'europe-west1' } }));
    expect(loadConfig('dev', { file, env: {} }).region).toBe('europe-west1');
  });

  test('environment variables override the file, with JSON for non-string fields', () => {
    const file = path.join(dir, 'platform.yaml');
    fs.writeFileSync(file, 'dev:\n  projectId: from-file-dev\n');
    const dev = loadConfig('dev', {
      file,
      env: {
        VMLOPS_DEV_PROJECT_ID: 'from-env-dev',
        VMLOPS_DEV_KEY_ROTATION_SECONDS: '2592000',
        VMLOPS_DEV_COMPOSER__INGEST_SCHEDULE: '30 2 * * *',
        VMLOPS_DEV_LABELS: '{"team":"ml"}',
      },
    });
    expect(dev.projectId).toBe('from-env-dev');
    expect(dev.keyRotationSeconds).toBe(2592000);
    expect(dev.composer.ingestSchedule).toBe('30 2 * * *');
    expect(dev.labels).toEqual({ ...DEFAULT_CONFIGS.dev.labels, team: 'ml' });
  });

  test('problems in several environments and sources come back in one error', () => {
    const file = path.join(dir, 'platform.yaml');
    fs.writeFileSync(file, 'dev:\n  region: us-central1\nprod:\n  projectNumber: "abc"\nqa: {}\n');
    const problems = problemsOf(() => loadConfigs({ file, env: { VMLOPS_STAGING_KEY_ROTATION_SECONDS: 'ninety' } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown environment 'qa'/),
        expect.stringMatching(/^dev: region: region 'us-central1'/),
        expect.stringMatching(/^prod: projectNumber: project number 'abc'/),
        expect.stringMatching(/VMLOPS_STAGING_KEY_ROTATION_SECONDS: 'ninety' is not valid JSON/),
      ]),
    );
  });

  test('an unreadable or malformed file is a clear error', () => {
    expect(problemsOf(() => loadConfigs({ file: path.join(dir, 'missing.yaml'), env: {} }))[0]).toMatch(/cannot be read \(ENOENT\)/);
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'dev: [unclosed');
    expect(problemsOf(() => loadConfigs({ file: bad, env: {} }))[0]).toMatch(/is not valid YAML/);
  });

  test('VMLOPS_ENVIRONMENTS selects stacks', () => {
    expect(loadConfigs({ env: { VMLOPS_ENVIRONMENTS: 'prod,dev' } }).map((c) => c.environment)).toEqual(['prod', 'dev']);
  });
});
