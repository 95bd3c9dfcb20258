import { Construct } from 'constructs';
import { ComputeBackendService } from '@cdktf/provider-google/lib/compute-backend-service';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeGlobalForwardingRule } from '@cdktf/provider-google/lib/compute-global-forwarding-rule';
import { ComputeManagedSslCertificate } from '@cdktf/provider-google/lib/compute-managed-ssl-certificate';
import { ComputeRegionNetworkEndpointGroup } from '@cdktf/provider-google/lib/compute-region-network-endpoint-group';
import { ComputeSecurityPolicy, ComputeSecurityPolicyRule } from '@cdktf/provider-google/lib/compute-security-policy';
import { ComputeSslPolicy } from '@cdktf/provider-google/lib/compute-ssl-policy';
import { ComputeTargetHttpsProxy } from '@cdktf/provider-google/lib/compute-target-https-proxy';
import { ComputeUrlMap } from '@cdktf/provider-google/lib/compute-url-map';
import { ITerraformDependable, Token } from 'cdktf';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';
import { assertEuRegion } from '../rules/locations';

/**
 * Cloud Armor's preconfigured WAF rule sets (ModSecurity Core Rule Set 3.3) the policy denies
 * on, at sensitivity 1 (the fewest false positives).
 */
export const WAF_RULE_SETS = [
  'sqli-v33-stable',
  'xss-v33-stable',
  'lfi-v33-stable',
  'rfi-v33-stable',
  'rce-v33-stable',
  'methodenforcement-v33-stable',
  'scannerdetection-v33-stable',
  'protocolattack-v33-stable',
  'sessionfixation-v33-stable',
] as const;

/**
 * Why VMC-LOC-1 may be waived for a `WebLoadBalancer`: the stack that creates one says so
 * with `Guardrails.waive(balancer, 'VMC-LOC-1', WEB_LOAD_BALANCER_RESIDENCY)`.
 */
export const WEB_LOAD_BALANCER_RESIDENCY =
  'a global external Application Load Balancer is global by nature: TLS ends and Cloud Armor inspects requests at the Google edge nearest each visitor, ' +
  'which is outside the EU for visitors outside it; it stores nothing, and the predictions are computed and cached only in the EU region behind it';

export interface WebLoadBalancerProps {
  readonly project: string;
  /** Prefix of every resource's name, e.g. `mlops-prod-web`. */
  readonly name: string;
  /** The Cloud Run service behind the balancer, in an EU region. */
  readonly service: { readonly resource: { readonly name: string }; readonly region: string };
  /** The site's domain; Google issues the certificate once its DNS A record points at `ipAddress`. */
  readonly domain: string;
  /** Requests one client address may make per minute before it gets 429. @default 600 */
  readonly rateLimitPerMinute?: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A public front door for a `PredictionWebService`: a global external Application Load
 * Balancer (HTTPS only, TLS 1.2+ with a restricted cipher profile, a Google-managed
 * certificate for `domain`) whose backend service is a serverless NEG on the Cloud Run
 * service, guarded by a Cloud Armor policy:
 *
 * - each preconfigured WAF rule set in `WAF_RULE_SETS` denies with 403, JSON bodies parsed so
 *   the prediction requests are inspected too;
 * - one client address gets at most `rateLimitPerMinute` requests a minute, then 429;
 * - everything else is allowed.
 *
 * Visitors carry no Google identity, so the service behind must answer without an invoker
 * check (`PredictionWebService` `publicThroughLoadBalancer`); its ingress stays internal and
 * load balancer only, so the balancer is the one way in from the internet.
 *
 * Data residency: the balancer is global by nature (see `WEB_LOAD_BALANCER_RESIDENCY`);
 * guardrail VMC-LOC-1 reports it, and the stack that wants it waives that finding with the
 * reason. A regional external Application Load Balancer keeps TLS in the EU too, at the cost of
 * a regional Cloud Armor policy and a Certificate Manager certificate (docs/web.md).
 */
export class WebLoadBalancer extends PlatformConstruct {
  /** The HTTPS forwarding rule: the balancer's front. */
  public readonly resource: ComputeGlobalForwardingRule;
  public readonly securityPolicy: ComputeSecurityPolicy;
  public readonly backendService: ComputeBackendService;
  public readonly certificate: ComputeManagedSslCertificate;
  /** The address the domain's A record must point at. */
  public readonly ipAddress: string;

  constructor(scope: Construct, id: string, props: WebLoadBalancerProps) {
    super(scope, id);
    const who = `WebLoadBalancer '${this.node.path}'`;
    assertEuRegion(props.service.region, `${who}: service region`);
    const problems: string[] = [];
    const rate = props.rateLimitPerMinute ?? 600;
    if (!Number.isInteger(rate) || rate < 1) problems.push(`rateLimitPerMinute ${rate} must be a whole number >= 1, e.g. 600`);
    if (!Token.isUnresolved(props.domain) && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(props.domain)) {
      problems.push(`domain '${props.domain}' is not a domain name; write it like 'predict.example.com' (lowercase, no scheme or path)`);
    }
    if (problems.length > 0) throw new Error(`${who}:\n  - ${problems.join('\n  - ')}`);
    const project = props.project;
    const labels = props.labels ? { ...props.labels } : undefined;
    const everyone = { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['*'] } };

    const neg = new ComputeRegionNetworkEndpointGroup(this, 'neg', {
      project,
      name: `${props.name}-neg`,
      region: props.service.region,
      networkEndpointType: 'SERVERLESS',
      cloudRun: { service: props.service.resource.name },
      dependsOn: props.dependsOn,
    });
    const rules: ComputeSecurityPolicyRule[] = [
      ...WAF_RULE_SETS.map((set, i) => ({
        priority: 1000 + i,
        action: 'deny(403)',
        description: `OWASP CRS 3.3: ${set}`,
        match: { expr: { expression: `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})` } },
      })),
      {
        priority: 2000,
        action: 'throttle',
        description: `At most ${rate} requests a minute per client address`,
        match: everyone,
        rateLimitOptions: { conformAction: 'allow', exceedAction: 'deny(429)', enforceOnKey: 'IP', rateLimitThreshold: { count: rate, intervalSec: 60 } },
      },
      { priority: 2147483647, action: 'allow', description: 'Default: allow', match: everyone },
    ];
    this.securityPolicy = new ComputeSecurityPolicy(this, 'armor', {
      project,
      name: `${props.name}-armor`,
      description: 'WAF and rate limit in front of the web prediction service',
      type: 'CLOUD_ARMOR',
      advancedOptionsConfig: { jsonParsing: 'STANDARD', logLevel: 'NORMAL' },
      rule: rules,
      dependsOn: props.dependsOn,
    });
    this.backendService = new ComputeBackendService(this, 'backend', {
      project,
      name: `${props.name}-backend`,
      loadBalancingScheme: 'EXTERNAL_MANAGED',
      protocol: 'HTTPS',
      securityPolicy: this.securityPolicy.id,
      backend: [{ group: neg.id }],
      logConfig: { enable: true, sampleRate: 1 },
    });
    const urlMap = new ComputeUrlMap(this, 'url-map', { project, name: `${props.name}-url-map`, defaultService: this.backendService.id });
    this.certificate = new ComputeManagedSslCertificate(this, 'certificate', {
      project,
      name: `${props.name}-certificate`,
      managed: { domains: [props.domain] },
      dependsOn: props.dependsOn,
    });
    const tls = new ComputeSslPolicy(this, 'tls', { project, name: `${props.name}-tls`, profile: 'RESTRICTED', minTlsVersion: 'TLS_1_2', dependsOn: props.dependsOn });
    const proxy = new ComputeTargetHttpsProxy(this, 'https-proxy', {
      project,
      name: `${props.name}-https-proxy`,
      urlMap: urlMap.id,
      sslCertificates: [this.certificate.id],
      sslPolicy: tls.id,
    });
    const address = new ComputeGlobalAddress(this, 'address', {
      project,
      name: `${props.name}-address`,
      addressType: 'EXTERNAL',
      ipVersion: 'IPV4',
      labels,
      dependsOn: props.dependsOn,
    });
    this.ipAddress = address.address;
    this.resource = new ComputeGlobalForwardingRule(this, 'Resource', {
      project,
      name: `${props.name}-https`,
      target: proxy.id,
      ipAddress: address.id,
      ipProtocol: 'TCP',
      portRange: '443',
      loadBalancingScheme: 'EXTERNAL_MANAGED',
      labels,
    });
    libraryMade(this);
  }
}
