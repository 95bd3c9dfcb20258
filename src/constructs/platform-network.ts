import { Construct } from 'constructs';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { ITerraformDependable } from 'cdktf';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { INetwork, VpcNetwork } from './vpc-network';

/**
 * Google's private API addresses (private.googleapis.com), which Private Google Access routes
 * to; the only destination outside the network that egress allows.
 */
export const PRIVATE_GOOGLE_APIS_RANGE = '199.36.153.8/30';

/** A firewall opening between the subnet's own machines, e.g. Dataflow workers' shuffle ports. */
export interface SubnetIngressRule {
  /** `tcp`, `udp` or `icmp`. */
  readonly protocol: 'tcp' | 'udp' | 'icmp';
  /** Ports or ranges (`12345-12346`). @default - every port of the protocol */
  readonly ports?: readonly string[];
  /** Only machines with one of these network tags receive the traffic (and only such machines send it). */
  readonly targetTags: readonly string[];
}

/** A platform network with one EU subnet, as the constructs that run machines in it take it. */
export interface IPlatformNetwork extends INetwork {
  readonly region: string;
  /** `projects/<project>/regions/<region>/subnetworks/<name>` */
  readonly subnetworkName: string;
  /** The subnet's self link, as Dataflow's `--subnetwork` takes it. */
  readonly subnetworkSelfLink: string;
  /** The subnet's primary range. */
  readonly subnetRange: string;
  /** Opens ports between the subnet's machines that carry the given tags. */
  allowIngressWithinSubnet(id: string, rule: SubnetIngressRule): ComputeFirewall;
}

export interface PlatformNetworkProps {
  readonly project: string;
  /** The network's name; its subnet, range and rules derive their names from it. */
  readonly name: string;
  /** The subnet's EU region. */
  readonly region: string;
  /** @default '10.20.0.0/24' */
  readonly subnetRange?: string;
  /**
   * The block Google's producer networks (Memorystore, Vertex AI peering, Cloud SQL) take
   * their addresses from, through private service access.
   * @default - a /20 chosen by Google inside RFC 1918 space
   */
  readonly privateServiceRange?: { readonly address: string; readonly prefixLength: number };
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The platform's VPC: one EU subnet with Private Google Access (so workloads reach Google APIs
 * without public addresses), a private service access range with its Service Networking
 * connection (for Memorystore and peered Vertex AI endpoints), and firewall rules that deny
 * by default: all ingress and all egress are denied at the lowest priority, and egress is
 * allowed only inside the network, to the private service range and to Google's private API
 * addresses. Flow logs are on.
 *
 * Use `subnetworkName`, `networkName` and `privateServiceConnection` (for resources that must
 * wait for the peering) from other constructs: Cloud Run Direct VPC egress, Dataflow workers.
 */
export class PlatformNetwork extends VpcNetwork implements IPlatformNetwork {
  public readonly resource: ComputeNetwork;
  public readonly subnetwork: ComputeSubnetwork;
  public readonly privateServiceRange: ComputeGlobalAddress;
  public readonly privateServiceConnection: ServiceNetworkingConnection;
  /** `projects/<project>/global/networks/<name>` */
  public readonly networkName: string;
  /** `projects/<project>/regions/<region>/subnetworks/<name>` */
  public readonly subnetworkName: string;
  /** `https://www.googleapis.com/compute/v1/projects/.../subnetworks/<name>`, as Dataflow's `--subnetwork` takes it. */
  public readonly subnetworkSelfLink: string;
  /** The subnet's primary range. */
  public readonly subnetRange: string;
  public readonly region: string;
  public readonly project: string;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    const who = `PlatformNetwork '${this.node.path}'`;
    assertEuRegion(props.region, `${who}: region`);
    this.region = props.region;
    this.project = props.project;
    const subnetRange = props.subnetRange ?? '10.20.0.0/24';
    this.resource = new ComputeNetwork(this, 'Resource', {
      project: props.project,
      name: props.name,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      deleteDefaultRoutesOnCreate: false,
      dependsOn: props.dependsOn,
    });
    this.subnetwork = new ComputeSubnetwork(this, 'subnet', {
      project: props.project,
      name: `${props.name}-${props.region}`,
      region: props.region,
      network: this.resource.id,
      ipCidrRange: subnetRange,
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
    this.privateServiceRange = new ComputeGlobalAddress(this, 'private-service-range', {
      project: props.project,
      name: `${props.name}-psa`,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      network: this.resource.id,
      ...(props.privateServiceRange ? { address: props.privateServiceRange.address, prefixLength: props.privateServiceRange.prefixLength } : { prefixLength: 20 }),
    });
    this.privateServiceConnection = new ServiceNetworkingConnection(this, 'private-service-connection', {
      network: this.resource.id,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [this.privateServiceRange.name],
    });
    const rule = (rid: string, config: Omit<ConstructorParameters<typeof ComputeFirewall>[2], 'project' | 'network' | 'name'>) =>
      new ComputeFirewall(this, rid, { project: props.project, network: this.resource.name, name: `${props.name}-${rid}`, logConfig: { metadata: 'INCLUDE_ALL_METADATA' }, ...config });
    rule('deny-all-ingress', { direction: 'INGRESS', priority: 65534, deny: [{ protocol: 'all' }], sourceRanges: ['0.0.0.0/0'] });
    rule('deny-all-egress', { direction: 'EGRESS', priority: 65534, deny: [{ protocol: 'all' }], destinationRanges: ['0.0.0.0/0'] });
    const privateServiceCidr = `${this.privateServiceRange.address}/${this.privateServiceRange.prefixLength}`;
    rule('allow-egress-private', { direction: 'EGRESS', priority: 1000, allow: [{ protocol: 'all' }], destinationRanges: [subnetRange, privateServiceCidr] });
    rule('allow-egress-google-apis', { direction: 'EGRESS', priority: 1000, allow: [{ protocol: 'tcp', ports: ['443'] }], destinationRanges: [PRIVATE_GOOGLE_APIS_RANGE] });
    this.networkName = `projects/${props.project}/global/networks/${this.resource.name}`;
    this.subnetworkName = this.subnetwork.id;
    this.subnetworkSelfLink = this.subnetwork.selfLink;
    this.subnetRange = subnetRange;
    libraryMade(this);
  }

  /**
   * Lets machines of the subnet that carry `rule.targetTags` reach each other on the given
   * ports, above the deny-all ingress rule; nothing from outside the subnet is let in.
   */
  public allowIngressWithinSubnet(id: string, rule: SubnetIngressRule): ComputeFirewall {
    const who = `PlatformNetwork '${this.node.path}' allowIngressWithinSubnet('${id}')`;
    if (!/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/.test(id)) throw new Error(`${who}: id '${id}' is not usable in a firewall name; use lowercase letters, digits and hyphens`);
    if (rule.targetTags.length === 0) throw new Error(`${who}: targetTags is empty, which would open the ports on every machine of the subnet; name the tags of the machines that need them`);
    const name = `${this.resource.name}-allow-${id}`;
    return libraryMade(new ComputeFirewall(this, `allow-${id}`, {
      project: this.project,
      network: this.resource.name,
      name,
      direction: 'INGRESS',
      priority: 1000,
      allow: [{ protocol: rule.protocol, ports: rule.ports ? [...rule.ports] : undefined }],
      sourceTags: [...rule.targetTags],
      targetTags: [...rule.targetTags],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    }));
  }
}
