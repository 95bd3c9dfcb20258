/**
 * Online serving wired into the environments: the config's `web` section, WebServingLayer in
 * MlopsPlatformStack, the optional WebLoadBalancer with Cloud Armor, and guardrail VMC-LOC-1
 * on global load balancer parts. Expected values are literals. The real engine's plan of a stack
 * with the load balancer is in __tests__/plan/opt-in-plan.test.ts.
 */
import { Testing } from 'cdktf';
import { DEFAULT_CONFIGS, validateConfig } from '../../src/config';
import { evaluate } from '../../src/guardrails';
import { euLocation } from '../../src/guardrails/rules/eu-location';
import { platformStack, resources, synthEnv, Tf } from '../support/synth';

const WEB_TYPES = ['google_cloud_run_v2_service', 'google_redis_instance', 'google_secret_manager_secret_version', 'google_compute_network', 'google_monitoring_dashboard'];

describe('the default environments serve the web', () => {
  test.each(['dev', 'staging', 'prod'] as const)('%s has one of each web serving resource', (env) => {
    const tf = synthEnv(env);
    expect(WEB_TYPES.map((t) => resources(tf, t).length)).toEqual([1, 1, 1, 1, 1]);
    expect(resources(tf, 'google_compute_global_forwarding_rule')).toEqual([]);
  });

  test('sized per environment: dev scales to zero on a basic cache, prod keeps two warm on an HA cache', () => {
    const sizing = (['dev', 'staging', 'prod'] as const).map((env) => {
      const tf = synthEnv(env);
      const [[, run]] = resources(tf, 'google_cloud_run_v2_service');
      const [[, redis]] = resources(tf, 'google_redis_instance');
      return [env, run.name, run.template.scaling, run.template.max_instance_request_concurrency, redis.name, redis.tier, redis.memory_size_gb];
    });
    expect(sizing).toEqual([
      ['dev', 'mlops-dev-web', { min_instance_count: 0, max_instance_count: 3 }, 80, 'mlops-dev-web-cache', 'BASIC', 1],
      ['staging', 'mlops-staging-web', { min_instance_count: 1, max_instance_count: 5 }, 80, 'mlops-staging-web-cache', 'BASIC', 1],
      ['prod', 'mlops-prod-web', { min_instance_count: 2, max_instance_count: 20 }, 80, 'mlops-prod-web-cache', 'STANDARD_HA', 1],
    ]);
  });

  test('the image is the content-tagged web image in the platform registry, the cache TTL and the endpoint come from the stack', () => {
    const tf = synthEnv('dev');
    const [[, run]] = resources(tf, 'google_cloud_run_v2_service');
    const container = run.template.containers[0];
    expect(container.image).toMatch(/^europe-west4-docker\.pkg\.dev\/example-mlops-dev\/\$\{google_artifact_registry_repository\.[A-Za-z0-9_-]+\.repository_id\}\/web:[0-9a-f]{16}$|^europe-west4-docker\.pkg\.dev\/example-mlops-dev\/[a-z0-9-]+\/web:[0-9a-f]{16}$/);
    const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(env.CACHE_TTL_SECONDS).toBe('3600');
    expect(env.VERTEX_ENDPOINT).toMatch(/^projects\/example-mlops-dev\/locations\/europe-west4\/endpoints\//);
    expect(run.ingress).toBe('INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    expect(run.invoker_iam_disabled).toBeUndefined();
    expect(run.template.service_account).toMatch(/google_service_account\.accounts_web_[A-F0-9]+\.email/);
  });

  test('invokers are the web team group, nothing public', () => {
    const tf = synthEnv('prod');
    const web = resources(tf, 'google_cloud_run_v2_service_iam_member').filter(([, g]) => /google_cloud_run_v2_service\.web_/.test(g.name));
    expect(web.map(([, g]) => [g.role, g.member])).toEqual([['roles/run.invoker', 'group:mlops-web-frontend@example.com']]);
  });

  test('the AUTH string goes into its CMEK secret, and the service starts only once it is there', () => {
    const tf = synthEnv('dev');
    const [[versionId, version]] = resources(tf, 'google_secret_manager_secret_version');
    expect(version.secret_data).toMatch(/^\$\{google_redis_instance\.[A-Za-z0-9_-]+\.auth_string\}$/);
    const secret = resources(tf, 'google_secret_manager_secret').find(([, s]) => s.secret_id === 'mlops-dev-web-cache-auth');
    expect(secret).toBeDefined();
    expect(version.secret).toBe(`\${google_secret_manager_secret.${secret![0]}.id}`);
    const [[, run]] = resources(tf, 'google_cloud_run_v2_service');
    expect(run.depends_on).toContain(`google_secret_manager_secret_version.${versionId}`);
  });

  test('the network is the platform network: custom mode, the EU subnet, Private Google Access', () => {
    const tf = synthEnv('dev');
    const [[, net]] = resources(tf, 'google_compute_network');
    expect(net.name).toBe('mlops-dev-network');
    const [[, subnet]] = resources(tf, 'google_compute_subnetwork');
    expect([subnet.name, subnet.region, subnet.private_ip_google_access]).toEqual(['mlops-dev-network-europe-west4', 'europe-west4', true]);
  });

  test('web.enabled false leaves the service, cache and web account out and the dashboard without a cache chart', () => {
    const tf = JSON.parse(Testing.synth(platformStack('dev', { web: { ...DEFAULT_CONFIGS.dev.web!, enabled: false } }))) as Tf;
    expect(WEB_TYPES.map((t) => resources(tf, t).length)).toEqual([0, 0, 0, 1, 1]);
    expect(resources(tf, 'google_service_account').some(([, a]) => a.account_id === 'mlops-d-web')).toBe(false);
    const titles = JSON.parse(resources(tf, 'google_monitoring_dashboard')[0][1].dashboard_json).mosaicLayout.tiles.map((t: { widget: { title: string } }) => t.widget.title);
    expect(titles).not.toContain('Web service cache hit rate');
    expect(titles).toHaveLength(6);
  });
});

describe('the public load balancer, opt-in', () => {
  const lbStack = () => platformStack('prod', { web: { ...DEFAULT_CONFIGS.prod.web!, loadBalancer: { domain: 'predict.example.com', rateLimitPerMinute: 300 } } });
  let tf: Tf;
  beforeAll(() => {
    tf = JSON.parse(Testing.synth(lbStack()));
  });

  test('HTTPS only, TLS 1.2+, a managed certificate for the domain, a serverless NEG on the service in the EU region', () => {
    const one = (type: string) => {
      const all = resources(tf, type);
      expect(all).toHaveLength(1);
      return all[0][1];
    };
    expect(one('google_compute_global_forwarding_rule')).toMatchObject({ name: 'mlops-prod-web-https', port_range: '443', load_balancing_scheme: 'EXTERNAL_MANAGED', ip_protocol: 'TCP' });
    expect(one('google_compute_managed_ssl_certificate').managed).toEqual({ domains: ['predict.example.com'] });
    expect(one('google_compute_ssl_policy')).toMatchObject({ profile: 'RESTRICTED', min_tls_version: 'TLS_1_2' });
    expect(one('google_compute_region_network_endpoint_group')).toMatchObject({ region: 'europe-west4', network_endpoint_type: 'SERVERLESS' });
    expect(one('google_compute_region_network_endpoint_group').cloud_run.service).toMatch(/^\$\{google_cloud_run_v2_service\.web_[A-F0-9]+\.name\}$/);
    expect(one('google_compute_backend_service')).toMatchObject({ load_balancing_scheme: 'EXTERNAL_MANAGED', protocol: 'HTTPS', log_config: { enable: true, sample_rate: 1 } });
    expect(one('google_compute_backend_service').security_policy).toMatch(/^\$\{google_compute_security_policy\.[A-Za-z0-9_-]+\.id\}$/);
    expect(resources(tf, 'google_compute_target_http_proxy')).toEqual([]);
  });

  test('Cloud Armor: the OWASP rule sets deny, one address gets 300 requests a minute, then 429', () => {
    const [[, policy]] = resources(tf, 'google_compute_security_policy');
    expect(policy.advanced_options_config).toEqual({ json_parsing: 'STANDARD', log_level: 'NORMAL' });
    const rules = policy.rule.map((r: any) => [r.priority, r.action, r.match.expr?.expression ?? r.match.config.src_ip_ranges.join(',')]);
    expect(rules).toEqual([
      [1000, 'deny(403)', "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1})"],
      [1001, 'deny(403)', "evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 1})"],
      [1002, 'deny(403)', "evaluatePreconfiguredWaf('lfi-v33-stable', {'sensitivity': 1})"],
      [1003, 'deny(403)', "evaluatePreconfiguredWaf('rfi-v33-stable', {'sensitivity': 1})"],
      [1004, 'deny(403)', "evaluatePreconfiguredWaf('rce-v33-stable', {'sensitivity': 1})"],
      [1005, 'deny(403)', "evaluatePreconfiguredWaf('methodenforcement-v33-stable', {'sensitivity': 1})"],
      [1006, 'deny(403)', "evaluatePreconfiguredWaf('scannerdetection-v33-stable', {'sensitivity': 1})"],
      [1007, 'deny(403)', "evaluatePreconfiguredWaf('protocolattack-v33-stable', {'sensitivity': 1})"],
      [1008, 'deny(403)', "evaluatePreconfiguredWaf('sessionfixation-v33-stable', {'sensitivity': 1})"],
      [2000, 'throttle', '*'],
      [2147483647, 'allow', '*'],
    ]);
    expect(policy.rule[9].rate_limit_options).toEqual({ conform_action: 'allow', exceed_action: 'deny(429)', enforce_on_key: 'IP', rate_limit_threshold: { count: 300, interval_sec: 60 } });
  });

  test('visitors reach the service without an invoker check; the ingress stays internal and load balancer', () => {
    const [[, run]] = resources(tf, 'google_cloud_run_v2_service');
    expect(run.invoker_iam_disabled).toBe(true);
    expect(run.ingress).toBe('INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    const web = resources(tf, 'google_cloud_run_v2_service_iam_member').filter(([, g]) => /google_cloud_run_v2_service\.web_/.test(g.name));
    expect(web.map(([, g]) => g.member)).toEqual(['group:mlops-web-frontend@example.com']);
  });

  test('VMC-LOC-1 reports every global part, and the layer waives exactly those with the residency reason', () => {
    const { findings, waived } = evaluate(lbStack());
    expect(findings).toEqual([]);
    expect(waived.map((w) => [w.ruleId, w.path]).sort()).toEqual(
      ['Resource', 'address', 'armor', 'backend', 'certificate', 'https-proxy', 'tls', 'url-map'].map((id) => ['VMC-LOC-1', `mlops-prod/web/load-balancer/${id}`]).sort(),
    );
    expect(new Set(waived.map((w) => w.reason))).toEqual(
      new Set([
        'a global external Application Load Balancer is global by nature: TLS ends and Cloud Armor inspects requests at the Google edge nearest each visitor, which is outside the EU for visitors outside it; it stores nothing, and the predictions are computed and cached only in the EU region behind it',
      ]),
    );
    expect(tf.locals?.guardrail_waivers).toHaveLength(1);
  });
});

describe('VMC-LOC-1 on global load balancer parts', () => {
  const context = { resolveValue: (v: unknown) => v, providerOf: () => ({ region: 'europe-west4' }) } as never;
  const node = (type: string, config: Record<string, unknown> = {}) => ({ type, config, path: 'x' }) as never;

  test.each(['google_compute_backend_service', 'google_compute_url_map', 'google_compute_target_https_proxy', 'google_compute_global_forwarding_rule', 'google_compute_security_policy', 'google_compute_managed_ssl_certificate'])(
    '%s is non-compliant even with an EU provider region',
    (type) => {
      expect(euLocation.check(node(type), context)).toMatchObject({ status: 'non-compliant', problem: `${type} is global: Google runs it at the edge nearest each visitor, inside or outside the EU` });
    },
  );

  test('an external global address is non-compliant, an internal one (private service access) compliant', () => {
    expect(euLocation.check(node('google_compute_global_address', { address_type: 'EXTERNAL' }), context)).toMatchObject({ status: 'non-compliant' });
    expect(euLocation.check(node('google_compute_global_address', {}), context)).toMatchObject({ status: 'non-compliant' });
    expect(euLocation.check(node('google_compute_global_address', { address_type: 'INTERNAL', purpose: 'VPC_PEERING' }), context)).toMatchObject({ status: 'compliant' });
  });

  test('the regional serverless NEG is judged by its region', () => {
    expect(euLocation.check(node('google_compute_region_network_endpoint_group', { region: 'europe-west4' }), context)).toMatchObject({ status: 'compliant' });
    expect(euLocation.check(node('google_compute_region_network_endpoint_group', { region: 'us-central1' }), context)).toMatchObject({ status: 'non-compliant' });
  });
});

describe('config: the web section', () => {
  const invalid = (web: Record<string, unknown>) => validateConfig({ ...DEFAULT_CONFIGS.dev, web: { ...DEFAULT_CONFIGS.dev.web, ...web } }, 'dev').problems;

  test('every default validates and has web on', () => {
    expect((['dev', 'staging', 'prod'] as const).map((e) => DEFAULT_CONFIGS[e].web?.enabled)).toEqual([true, true, true]);
  });

  test('bad values name the field, the value and the fix, all at once', () => {
    expect(invalid({ minInstances: 5, maxInstances: 2, concurrency: 0, cacheTtlSeconds: 1.5, redisTier: 'PREMIUM', redisMemoryGb: 400 })).toEqual([
      'dev: web.concurrency: 0 must be a whole number from 1 to 1000, e.g. 80',
      'dev: web.cacheTtlSeconds: 1.5 must be a whole number from 1 to 604800, e.g. 3600',
      "dev: web.redisTier: 'PREMIUM' is unknown; use BASIC or STANDARD_HA",
      'dev: web.redisMemoryGb: 400 must be a whole number from 1 to 300, e.g. 1',
    ]);
    expect(invalid({ minInstances: 5, maxInstances: 2 })).toEqual(['dev: web.maxInstances: 2 is below web.minInstances 5; raise maxInstances or lower minInstances']);
  });

  test('a public invoker is refused: a public website goes through the load balancer', () => {
    expect(invalid({ invokers: ['allUsers'] })).toEqual([
      "dev: web.invokers.0: 'allUsers' is public: this platform never grants access to everyone; name a user:, group:, serviceAccount: or domain: principal",
    ]);
  });

  test('a load balancer domain with a scheme is refused', () => {
    expect(invalid({ loadBalancer: { domain: 'https://predict.example.com', rateLimitPerMinute: 600 } })).toEqual([
      "dev: web.loadBalancer.domain: 'https://predict.example.com' is not a domain name; write it like 'predict.example.com' (lowercase, no scheme or path)",
    ]);
  });
});

describe('Looker, opt-in', () => {
  const looker = { enabled: true, oauthClientId: '123456789012-abc123def.apps.googleusercontent.com', oauthClientSecretId: 'looker-oauth-client-secret', allowedEmailDomains: ['example.com'] };
  const lookerStack = () => platformStack('prod', { looker });
  let tf: Tf;
  beforeAll(() => {
    tf = JSON.parse(Testing.synth(lookerStack()));
  });

  test('off in every default environment, and only then the deployer holds Looker admin', () => {
    expect((['dev', 'staging', 'prod'] as const).map((e) => resources(synthEnv(e), 'google_looker_instance').length)).toEqual([0, 0, 0]);
    const lookerAdmins = (t: Tf) => resources(t, 'google_project_iam_member').filter(([, g]) => g.role === 'roles/looker.admin').map(([, g]) => g.member);
    expect(lookerAdmins(synthEnv('prod'))).toEqual([]);
    expect(lookerAdmins(tf)).toEqual(['serviceAccount:${google_service_account.accounts_deployer_8E2B31D6.email}']);
  });

  test('private IP only in the platform network, EU region, its own CMEK key, the OAuth secret read from Secret Manager', () => {
    const [[, instance]] = resources(tf, 'google_looker_instance');
    expect(instance).toMatchObject({
      name: 'mlops-prod-looker',
      region: 'europe-west4',
      platform_edition: 'LOOKER_CORE_ENTERPRISE_ANNUAL',
      private_ip_enabled: true,
      public_ip_enabled: false,
      admin_settings: { allowed_email_domains: ['example.com'] },
    });
    expect(instance.consumer_network).toMatch(/^\$\{google_compute_network\.network_[A-F0-9]+\.id\}$/);
    expect(instance.reserved_range).toMatch(/^\$\{google_compute_global_address\.network_private-service-range_[A-F0-9]+\.name\}$/);
    const key = instance.encryption_config.kms_key_name as string;
    expect(key).toMatch(/^\$\{google_kms_crypto_key\.keys_looker_[A-F0-9]+\.id\}$/);
    expect(instance.oauth_config.client_id).toBe('123456789012-abc123def.apps.googleusercontent.com');
    expect(instance.oauth_config.client_secret).toMatch(/^\$\{data\.google_secret_manager_secret_version\.[A-Za-z0-9_-]+\.secret_data\}$/);
    const [data] = Object.values((tf as unknown as { data: Record<string, Record<string, { secret: string }>> }).data.google_secret_manager_secret_version);
    expect(data.secret).toBe('projects/example-mlops-prod/secrets/looker-oauth-client-secret');
    const grants = resources(tf, 'google_kms_crypto_key_iam_member').filter(([, g]) => String(g.crypto_key_id).includes('keys_looker_')).map(([, g]) => g.member);
    expect(grants).toEqual(['serviceAccount:service-100000000003@gcp-sa-looker.iam.gserviceaccount.com']);
  });

  test('the guardrails report only the OAuth secret in state, waived with its reason', () => {
    const { findings, waived } = evaluate(lookerStack());
    expect(findings).toEqual([]);
    expect(waived.map((w) => [w.ruleId, w.path, w.reason])).toEqual([
      [
        'VMC-SECRET-1',
        'mlops-prod/reporting/looker/Resource',
        'google_looker_instance requires oauth_config.client_secret and google 6.50.0 has no write-only form of it; the value is read from Secret Manager at plan and kept only as a sensitive value in the Terraform state, never in code, config or the synthesized JSON',
      ],
    ]);
  });

  test('config refuses a literal secret and an edition without private IP', () => {
    const problems = validateConfig({ ...DEFAULT_CONFIGS.prod, looker: { ...looker, oauthClientSecretId: 'GOCSPX-abc/def+ghi=', edition: 'LOOKER_CORE_STANDARD_ANNUAL' } }, 'prod').problems;
    expect(problems).toEqual([
      "prod: looker.oauthClientSecretId: secret id 'GOCSPX-abc/def+ghi=' is invalid; use 1-255 letters, digits, '-' and '_'; create the secret first and give its id, not its value",
      "prod: looker.edition: 'LOOKER_CORE_STANDARD_ANNUAL' cannot have a private IP; use LOOKER_CORE_ENTERPRISE_ANNUAL or LOOKER_CORE_EMBED_ANNUAL",
    ]);
  });
});
