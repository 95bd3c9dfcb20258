/**
 * Online serving for websites: PlatformNetwork, MemorystoreRedis and PredictionWebService in
 * one stack (__tests__/support/web-serving-stack.ts), checked resource by resource with literal
 * values and through the guardrails; __tests__/plan/web-plan.test.ts plans it with the real engine.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { evaluate } from '../../src/guardrails';
import { privateServing } from '../../src/guardrails/rules/private-serving';
import { build, ENDPOINT, IMAGE, NUMBER, PROJECT } from '../support/web-serving-stack';

type Tf = { resource: Record<string, Record<string, Record<string, any>>> };
const only = (tf: Tf, type: string) => {
  const all = Object.values(tf.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
};

let tf: Tf;
let stack: TerraformStack;
beforeAll(() => {
  ({ stack } = build(Testing.app({ stackTraces: false })));
  tf = JSON.parse(Testing.synth(stack));
});

test('the network: custom subnet mode, one EU subnet with Private Google Access, a private service access range and its connection', () => {
  expect(only(tf, 'google_compute_network')).toMatchObject({ name: 'mlops-dev', auto_create_subnetworks: false, routing_mode: 'REGIONAL' });
  expect(only(tf, 'google_compute_subnetwork')).toMatchObject({ name: 'mlops-dev-europe-west4', region: 'europe-west4', ip_cidr_range: '10.20.0.0/24', private_ip_google_access: true });
  expect(only(tf, 'google_compute_global_address')).toMatchObject({ name: 'mlops-dev-psa', purpose: 'VPC_PEERING', address_type: 'INTERNAL', prefix_length: 20 });
  expect(only(tf, 'google_service_networking_connection')).toMatchObject({ service: 'servicenetworking.googleapis.com' });
});

test('the firewall denies everything by default and allows egress only inside the network and to Google APIs', () => {
  const rules = Object.values(tf.resource.google_compute_firewall).map((r) => ({ name: r.name, direction: r.direction, priority: r.priority, allow: r.allow, deny: r.deny }));
  expect(rules.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { name: 'mlops-dev-allow-egress-google-apis', direction: 'EGRESS', priority: 1000, allow: [{ protocol: 'tcp', ports: ['443'] }], deny: undefined },
    { name: 'mlops-dev-allow-egress-private', direction: 'EGRESS', priority: 1000, allow: [{ protocol: 'all' }], deny: undefined },
    { name: 'mlops-dev-deny-all-egress', direction: 'EGRESS', priority: 65534, allow: undefined, deny: [{ protocol: 'all' }] },
    { name: 'mlops-dev-deny-all-ingress', direction: 'INGRESS', priority: 65534, allow: undefined, deny: [{ protocol: 'all' }] },
  ]);
  const google = Object.values(tf.resource.google_compute_firewall).find((r) => r.name === 'mlops-dev-allow-egress-google-apis')!;
  expect(google.destination_ranges).toEqual(['199.36.153.8/30']);
});

test('Redis: private service access, AUTH, TLS, its own key, EU, no persistence; waits for the key grant and the peering', () => {
  const redis = only(tf, 'google_redis_instance');
  expect(redis).toMatchObject({
    name: 'mlops-dev-cache',
    region: 'europe-west4',
    tier: 'STANDARD_HA',
    connect_mode: 'PRIVATE_SERVICE_ACCESS',
    auth_enabled: true,
    transit_encryption_mode: 'SERVER_AUTHENTICATION',
    persistence_config: { persistence_mode: 'DISABLED' },
  });
  expect(redis.customer_managed_key).toMatch(/^\$\{google_kms_crypto_key\.redis-key_[A-F0-9]+\.id\}$/);
  const grants = Object.values(tf.resource.google_kms_crypto_key_iam_member).filter((g) => String(g.crypto_key_id).includes('redis-key'));
  expect(grants.map((g) => g.member)).toEqual([`serviceAccount:service-${NUMBER}@cloud-redis.iam.gserviceaccount.com`]);
  expect(redis.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_kms_crypto_key_iam_member\.redis-key_/), expect.stringMatching(/^google_service_networking_connection\./)]));
});

test('the web service: internal + load balancer ingress, its own key, Direct VPC egress, scaling and concurrency as given, AUTH from Secret Manager', () => {
  const run = only(tf, 'google_cloud_run_v2_service');
  expect(run).toMatchObject({ name: 'mlops-dev-web', location: 'europe-west4', ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER' });
  expect(run.template.encryption_key).toMatch(/^\$\{google_kms_crypto_key\.cloud-run-key_[A-F0-9]+\.id\}$/);
  expect(run.template.max_instance_request_concurrency).toBe(100);
  expect(run.template.scaling).toEqual({ min_instance_count: 2, max_instance_count: 20 });
  expect(run.template.vpc_access.egress).toBe('PRIVATE_RANGES_ONLY');
  expect(run.template.vpc_access.connector).toBeUndefined();
  const env = Object.fromEntries(run.template.containers[0].env.map((e: { name: string; value?: string; value_source?: unknown }) => [e.name, e.value ?? e.value_source]));
  expect(env.VERTEX_ENDPOINT).toBe(ENDPOINT);
  expect(env.REDIS_TLS).toBe('true');
  expect(env.CACHE_TTL_SECONDS).toBe('600');
  expect(env.REDIS_AUTH).toEqual({ secret_key_ref: { secret: expect.stringMatching(/^\$\{google_secret_manager_secret\.redis-auth_[A-F0-9]+\.id\}$/), version: 'latest' } });
  expect(run.template.containers[0].image).toBe(IMAGE);
  expect(run.template.containers[0].startup_probe.http_get.path).toBe('/readyz');
});

test('its account may predict on the one endpoint, read the AUTH secret, write logs and metrics, and nothing else', () => {
  const project = Object.values(tf.resource.google_project_iam_member).map((g) => [g.role, g.member, g.condition?.expression ?? null]);
  expect(project.sort()).toEqual([
    ['roles/aiplatform.user', expect.stringMatching(/^serviceAccount:\$\{google_service_account\.web-account_[A-F0-9]+\.email\}$/), `resource.name == "${ENDPOINT}"`],
    ['roles/logging.logWriter', expect.stringMatching(/^serviceAccount:\$\{google_service_account\.web-account/), null],
    ['roles/monitoring.metricWriter', expect.stringMatching(/^serviceAccount:\$\{google_service_account\.web-account/), null],
  ]);
  const secret = Object.values(tf.resource.google_secret_manager_secret_iam_member ?? {}).map((g) => g.role);
  expect(secret).toEqual(['roles/secretmanager.secretAccessor']);
  const invokers = Object.values(tf.resource.google_cloud_run_v2_service_iam_member).map((g) => [g.role, g.member]);
  expect(invokers).toEqual([['roles/run.invoker', 'group:web-frontend@acme.example']]);
});

test('the dashboard charts pipeline outcomes, accuracy, endpoint latency and errors, cache hit rate, trigger errors and batch runs', () => {
  const dashboard = JSON.parse(only(tf, 'google_monitoring_dashboard').dashboard_json);
  expect(dashboard.displayName).toBe('mlops-dev MLOps platform');
  expect(dashboard.mosaicLayout.tiles.map((t: { widget: { title: string } }) => t.widget.title)).toEqual([
    'Pipeline runs by outcome',
    'Model accuracy per run',
    'Endpoint latency (p50, p99)',
    'Endpoint error rate',
    'Web service cache hit rate',
    'Pipeline trigger errors',
    'Batch prediction runs',
  ]);
  expect(dashboard.mosaicLayout.tiles.map((t: { xPos: number; yPos: number }) => [t.xPos, t.yPos])).toEqual([[0, 0], [6, 0], [0, 4], [6, 4], [0, 8], [6, 8], [0, 12]]);
  const cache = dashboard.mosaicLayout.tiles[4].widget.xyChart.dataSets[0].timeSeriesQuery.timeSeriesFilterRatio;
  expect(cache.numerator.filter).toBe('metric.type="logging.googleapis.com/user/mlops-dev-web-predictions" AND metric.label.cache="hit"');
  expect(cache.denominator.filter).toBe('metric.type="logging.googleapis.com/user/mlops-dev-web-predictions"');
  const metrics = Object.values(tf.resource.google_logging_metric).map((m) => [m.name, m.filter]);
  expect(metrics.sort()).toEqual([
    ['mlops-dev-model-accuracy', 'jsonPayload.event="evaluation" AND jsonPayload.accuracy>=0'],
    ['mlops-dev-pipeline-runs', 'resource.type="aiplatform.googleapis.com/PipelineJob" AND jsonPayload.state=~"^PIPELINE_STATE_(SUCCEEDED|FAILED|CANCELLED)$"'],
    ['mlops-dev-web-predictions', expect.stringMatching(/^resource\.type="cloud_run_revision" AND resource\.labels\.service_name="\$\{google_cloud_run_v2_service\.web_[A-F0-9]+\.name\}" AND jsonPayload\.event="prediction"$/)],
  ]);
});

test('the guardrails find nothing to report', () => {
  expect(evaluate(stack).findings).toEqual([]);
});

test('allUsers as invoker, an image outside the CMEK registry and min above max are refused with the fix', () => {
  expect(() => build(Testing.app(), { invokers: ['allUsers'] })).toThrow(
    "invokers 'allUsers' would make the service public; put an external load balancer with Cloud Armor in front and grant the invoker to the principals that call it",
  );
  expect(() => build(Testing.app(), { image: 'docker.io/library/nginx:latest' })).toThrow(
    `image 'docker.io/library/nginx:latest' is not in the CMEK registry; push it to europe-west4-docker.pkg.dev/${PROJECT}/web/<image> and name it there`,
  );
  expect(() => build(Testing.app(), { minInstances: 5, maxInstances: 2 })).toThrow('maxInstances 2 must be a whole number >= 1 and >= minInstances (5)');
});

test('VMC-NET-1: public ingress and a Redis without AUTH or TLS are non-compliant; the construct defaults are compliant', () => {
  const node = (type: string, config: Record<string, unknown>) => ({ type, config }) as never;
  // VMC-NET-1 reads only the resource itself.
  const context = {} as never;
  expect(privateServing.check(node('google_cloud_run_v2_service', {}), context)).toMatchObject({ status: 'non-compliant' });
  expect(privateServing.check(node('google_cloud_run_v2_service', { ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER' }), context)).toMatchObject({ status: 'compliant' });
  expect(privateServing.check(node('google_redis_instance', { auth_enabled: false, connect_mode: 'PRIVATE_SERVICE_ACCESS' }), context)).toMatchObject({ status: 'non-compliant' });
  expect(privateServing.check(node('google_redis_instance', { auth_enabled: true, transit_encryption_mode: 'SERVER_AUTHENTICATION', connect_mode: 'PRIVATE_SERVICE_ACCESS' }), context)).toMatchObject({ status: 'compliant' });
});

describe('the dashboard tiles read the metrics the platform emits', () => {
  const tiles = () => JSON.parse(only(tf, 'google_monitoring_dashboard').dashboard_json).mosaicLayout.tiles.map((t: { widget: any }) => t.widget);
  const filters = (w: any) =>
    w.xyChart.dataSets.map((d: any) => d.timeSeriesQuery.timeSeriesFilter?.filter ?? [d.timeSeriesQuery.timeSeriesFilterRatio.numerator.filter, d.timeSeriesQuery.timeSeriesFilterRatio.denominator.filter]);
  const EP = 'resource.type="aiplatform.googleapis.com/Endpoint" AND resource.labels.endpoint_id="777"';

  test('each tile has its literal filter', () => {
    expect(tiles().map((w: any) => [w.title, filters(w)])).toEqual([
      ['Pipeline runs by outcome', ['metric.type="logging.googleapis.com/user/mlops-dev-pipeline-runs"']],
      ['Model accuracy per run', ['metric.type="logging.googleapis.com/user/mlops-dev-model-accuracy"']],
      [
        'Endpoint latency (p50, p99)',
        [`metric.type="aiplatform.googleapis.com/prediction/online/prediction_latencies" AND ${EP}`, `metric.type="aiplatform.googleapis.com/prediction/online/prediction_latencies" AND ${EP}`],
      ],
      ['Endpoint error rate', [[`metric.type="aiplatform.googleapis.com/prediction/online/error_count" AND ${EP}`, `metric.type="aiplatform.googleapis.com/prediction/online/prediction_count" AND ${EP}`]]],
      ['Web service cache hit rate', [['metric.type="logging.googleapis.com/user/mlops-dev-web-predictions" AND metric.label.cache="hit"', 'metric.type="logging.googleapis.com/user/mlops-dev-web-predictions"']]],
      ['Pipeline trigger errors', ['metric.type="logging.googleapis.com/log_entry_count" AND metric.label.severity="ERROR" AND resource.type="cloud_run_revision" AND resource.label.service_name="mlops-dev-pipeline-trigger"']],
      ['Batch prediction runs', ['metric.type="workflows.googleapis.com/finished_execution_count" AND resource.type="workflows.googleapis.com/Workflow" AND resource.label.workflow_id="mlops-dev-batch-prediction"']],
    ]);
  });

  test('pipeline outcomes are grouped by state, latency is p50 and p99, accuracy per run is the median of each hour', () => {
    const [runs, accuracy, latency] = tiles();
    expect(runs.xyChart.dataSets[0].timeSeriesQuery.timeSeriesFilter.aggregation).toEqual({ alignmentPeriod: '3600s', perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_SUM', groupByFields: ['metric.label.state'] });
    expect(accuracy.xyChart.dataSets[0].timeSeriesQuery.timeSeriesFilter.aggregation.perSeriesAligner).toBe('ALIGN_PERCENTILE_50');
    expect(latency.xyChart.dataSets.map((d: any) => d.timeSeriesQuery.timeSeriesFilter.aggregation.perSeriesAligner)).toEqual(['ALIGN_PERCENTILE_50', 'ALIGN_PERCENTILE_99']);
  });

  test('the cache metric counts the field the service logs: event "prediction", label cache from jsonPayload.cache', () => {
    const metric = Object.values(tf.resource.google_logging_metric).find((m) => m.name === 'mlops-dev-web-predictions')!;
    expect(metric.label_extractors).toEqual({ cache: 'EXTRACT(jsonPayload.cache)' });
    // assets/web/src/server.ts writes these two fields on every answered request.
    const server = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'web', 'src', 'server.ts'), 'utf8');
    expect(server).toMatch(/event: 'prediction',\s*\n\s*cache: summary,/);
  });

  test('the accuracy metric reads the line the pipeline\'s evaluate step prints: the same event value, the accuracy it extracts', () => {
    const metric = Object.values(tf.resource.google_logging_metric).find((m) => m.name === 'mlops-dev-model-accuracy')!;
    // The dict literal evaluate.py prints with json.dumps, read by Python's own parser: constants
    // as their values, computed fields as null.
    const script = [
      'import ast, json, sys',
      'tree = ast.parse(open(sys.argv[1]).read())',
      'calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print" and n.args',
      '         and isinstance(n.args[0], ast.Call) and getattr(n.args[0].func, "attr", "") == "dumps" and isinstance(n.args[0].args[0], ast.Dict)]',
      'print(json.dumps([{k.value: (v.value if isinstance(v, ast.Constant) else None) for k, v in zip(c.args[0].args[0].keys, c.args[0].args[0].values)} for c in calls]))',
    ].join('\n');
    const evaluatePy = path.join(__dirname, '..', '..', 'assets', 'pipelines', 'components', 'evaluate.py');
    const logged: Record<string, unknown>[] = JSON.parse(execFileSync('python3', ['-c', script, evaluatePy], { encoding: 'utf8' }));
    const equals = [...(metric.filter as string).matchAll(/jsonPayload\.(\w+)="([^"]*)"/g)].map(([, field, value]) => [field, value]);
    const compared = [...(metric.filter as string).matchAll(/jsonPayload\.(\w+)(?:>=|<=|>|<)/g)].map(([, field]) => field);
    const [, extracted] = /^EXTRACT\(jsonPayload\.(\w+)\)$/.exec(metric.value_extractor)!;
    expect(equals).toEqual([['event', 'evaluation']]);
    expect([...compared, extracted]).toEqual(['accuracy', 'accuracy']);
    const lines = logged.filter((line) => equals.every(([field, value]) => line[field] === value));
    expect(lines).toHaveLength(1);
    // A computed number, not a constant: the run's accuracy.
    expect(lines[0]).toHaveProperty(extracted, null);
  });
});
