import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { resourceIdProblem } from '../rules/names';
import { INetwork } from './vpc-network';

/** The four addresses of private.googleapis.com (`PRIVATE_GOOGLE_APIS_RANGE`, 199.36.153.8/30). */
export const PRIVATE_GOOGLE_APIS_ADDRESSES = ['199.36.153.8', '199.36.153.9', '199.36.153.10', '199.36.153.11'] as const;

/**
 * The domains a worker without a public address reaches Google through: the APIs, and the two
 * registries Dataflow and Cloud Run pull images from.
 */
export const PRIVATE_GOOGLE_DOMAINS = ['googleapis.com', 'gcr.io', 'pkg.dev'] as const;

export interface PrivateGoogleApisDnsProps {
  readonly project: string;
  /** The network whose machines resolve Google's domains to private.googleapis.com. */
  readonly network: INetwork;
  /** Zone names are `<namePrefix>-<domain>`, e.g. `mlops-dev-network-googleapis-com`. */
  readonly namePrefix: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Private Cloud DNS zones, visible only inside `network`, that send Google's API and registry
 * domains to private.googleapis.com (199.36.153.8/30). A network that denies egress except to
 * that range (`PlatformNetwork`) needs them: without them `storage.googleapis.com` resolves to
 * public addresses the firewall drops, and Private Google Access never carries a request.
 */
export class PrivateGoogleApisDns extends PlatformConstruct {
  public readonly zones: DnsManagedZone[] = [];

  constructor(scope: Construct, id: string, props: PrivateGoogleApisDnsProps) {
    super(scope, id);
    for (const domain of PRIVATE_GOOGLE_DOMAINS) {
      const zoneId = domain.replace(/\./g, '-');
      const name = `${props.namePrefix}-${zoneId}`;
      if (resourceIdProblem(name)) {
        throw new Error(`PrivateGoogleApisDns '${this.node.path}': zone name '${name}' is invalid; use a namePrefix of lowercase letters, digits and hyphens, starting with a letter, so the name stays within 63 characters`);
      }
      const zone = new DnsManagedZone(this, zoneId, {
        project: props.project,
        name,
        dnsName: `${domain}.`,
        description: `${domain} to private.googleapis.com inside the platform network`,
        visibility: 'private',
        privateVisibilityConfig: { networks: [{ networkUrl: props.network.networkName }] },
        labels: props.labels ? { ...props.labels } : undefined,
        dependsOn: props.dependsOn,
      });
      const apex = domain === 'googleapis.com' ? 'private.googleapis.com.' : `${domain}.`;
      new DnsRecordSet(this, `${zoneId}-a`, {
        project: props.project,
        managedZone: zone.name,
        name: apex,
        type: 'A',
        ttl: 300,
        rrdatas: [...PRIVATE_GOOGLE_APIS_ADDRESSES],
      });
      new DnsRecordSet(this, `${zoneId}-wildcard`, {
        project: props.project,
        managedZone: zone.name,
        name: `*.${domain}.`,
        type: 'CNAME',
        ttl: 300,
        rrdatas: [apex],
      });
      this.zones.push(zone);
    }
    libraryMade(this);
  }
}
