import { Construct } from 'constructs';
import { PlatformNetwork } from '../constructs/platform-network';
import { PrivateGoogleApisDns } from '../constructs/private-google-apis-dns';
import { resourceName } from '../rules/names';
import { apisOf, Layer, LayerProjectProps } from './layer';

export interface NetworkLayerProps extends LayerProjectProps {
  /** The subnet's EU region. */
  readonly region: string;
  /** @default '10.20.0.0/24' */
  readonly subnetRange?: string;
  /** `a.b.c.d/n` for private service access. @default - a /20 Google picks */
  readonly privateServiceRange?: string;
}

/**
 * Network: the platform's one VPC, shared by every layer that runs machines or attaches to a
 * network (Dataflow workers, the web service's egress, Memorystore).
 *
 * Needs: the Compute Engine, Service Networking and Cloud DNS APIs. Provides: `network`, a
 * `PlatformNetwork` (deny-by-default firewall, Private Google Access, private service access),
 * and `privateDns`, the private zones that make Google's domains resolve to
 * private.googleapis.com, the one outside range the firewall lets workers reach.
 */
export class NetworkLayer extends Layer {
  public readonly network: PlatformNetwork;
  /** Google's domains resolved to private.googleapis.com inside the network. */
  public readonly privateDns: PrivateGoogleApisDns;

  constructor(scope: Construct, id: string, props: NetworkLayerProps) {
    super(scope, id);
    const psa = props.privateServiceRange?.split('/');
    this.network = new PlatformNetwork(this, 'network', {
      project: props.project,
      name: resourceName(props.naming, 'network'),
      region: props.region,
      subnetRange: props.subnetRange,
      privateServiceRange: psa ? { address: psa[0], prefixLength: Number(psa[1]) } : undefined,
      dependsOn: apisOf(props, 'compute.googleapis.com', 'servicenetworking.googleapis.com'),
    });
    this.privateDns = new PrivateGoogleApisDns(this, 'private-google-apis', {
      project: props.project,
      network: this.network,
      namePrefix: resourceName(props.naming, 'network'),
      labels: props.labels,
      dependsOn: apisOf(props, 'dns.googleapis.com'),
    });
  }
}
