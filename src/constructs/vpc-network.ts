import { Construct, IConstruct } from 'constructs';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { isUnresolved } from '../rules/tokens';

/** A VPC network, for constructs that peer with or attach to one (a private endpoint). */
export interface INetwork extends IConstruct {
  /** `projects/<project number or id>/global/networks/<name>` */
  readonly networkName: string;
}

/** A VPC network and the one subnet in it a workload attaches to (`PlatformNetwork` is one). */
export interface ISubnetNetwork extends INetwork {
  /** `projects/<project>/regions/<region>/subnetworks/<name>` */
  readonly subnetworkName: string;
}

/**
 * A VPC network. For now the library only refers to networks that exist
 * (`VpcNetwork.fromNetworkName`); creating one is the network layer's job.
 */
export abstract class VpcNetwork extends PlatformConstruct implements INetwork {
  /**
   * A network that already exists. It creates nothing.
   * @param networkName `projects/<project number or id>/global/networks/<name>`
   */
  public static fromNetworkName(scope: Construct, id: string, networkName: string): INetwork {
    if (!isUnresolved(networkName) && !/^projects\/[a-z0-9-]+\/global\/networks\/[a-z]([a-z0-9-]*[a-z0-9])?$/.test(networkName)) {
      throw new Error(`VpcNetwork.fromNetworkName '${id}': '${networkName}' is not a network name; write it as 'projects/<project number>/global/networks/<name>'`);
    }
    return new ImportedNetwork(scope, id, networkName);
  }

  public abstract readonly networkName: string;
}

class ImportedNetwork extends VpcNetwork {
  constructor(scope: Construct, id: string, public readonly networkName: string) {
    super(scope, id);
    libraryMade(this);
  }
}
