import * as crypto from 'crypto';
import { Construct, IConstruct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { VertexAiEndpoint } from '@cdktf/provider-google/lib/vertex-ai-endpoint';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { isUnresolved } from '../rules/tokens';
import { ICmekKey } from './cmek-key';
import { INetwork } from './vpc-network';
import { IServiceAccount } from './workload-service-account';

/** A Vertex AI endpoint, created here or elsewhere (`PredictionEndpoint.fromEndpointName`). */
export interface IEndpoint extends IConstruct {
  /** The numeric endpoint id. */
  readonly endpointId: string;
  /** `projects/<project>/locations/<region>/endpoints/<id>`, as clients and the pipeline name it. */
  readonly endpointName: string;
  readonly project: string;
  readonly region: string;
}

export interface PredictionEndpointProps {
  /** The project the endpoint is created in. */
  readonly project: string;
  /** The project's number: its Vertex AI service agent is granted on the key. */
  readonly projectNumber: string;
  /** Display name, e.g. `mlops-dev-endpoint`; the endpoint id derives from it. */
  readonly displayName: string;
  /** A `vertex-ai` class key in the endpoint's region. */
  readonly encryptionKey: ICmekKey;
  /**
   * The account models deployed to this endpoint serve as. The endpoint itself has no identity;
   * whoever deploys a model (the pipeline's deploy step) passes this account with the model and
   * needs `actAs` on it.
   */
  readonly servingAccount: IServiceAccount;
  /**
   * Numeric endpoint id: up to 10 digits, no leading zero. Vertex AI needs it unique in the
   * project and region, and it is part of the endpoint's name forever.
   * @default - derived from the project and the display name, so it is stable and never random
   */
  readonly endpointId?: string;
  /** An EU region. @default - the key's location */
  readonly region?: string;
  /**
   * A VPC network with private services access to peer the endpoint with: predictions then go
   * over that network only. Vertex AI wants its name with the project number
   * (`projects/<number>/global/networks/<name>`).
   * @default - a public endpoint (still IAM-protected)
   */
  readonly network?: INetwork;
  /** @default - 'Online predictions of the MLOps platform' */
  readonly description?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) the endpoint waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Vertex AI endpoint on a customer-managed key, optionally peered with a VPC. Its id is fixed
 * at synth time, so its full name can be handed to the pipeline, clients and alerting without a
 * lookup.
 */
export class PredictionEndpoint extends PlatformConstruct implements IEndpoint {
  /** An endpoint that already exists. It creates nothing. */
  public static fromEndpointName(scope: Construct, id: string, endpointName: string): IEndpoint {
    const m = /^projects\/([^/]+)\/locations\/([^/]+)\/endpoints\/([1-9]\d{0,18})$/.exec(endpointName);
    if (!m) throw new Error(`PredictionEndpoint.fromEndpointName '${id}': '${endpointName}' is not an endpoint name; write it as 'projects/<project>/locations/<region>/endpoints/<id>'`);
    assertEuRegion(m[2], `PredictionEndpoint.fromEndpointName '${id}': region`);
    return new ImportedEndpoint(scope, id, endpointName, m[1], m[2], m[3]);
  }

  public readonly resource: VertexAiEndpoint;
  /** The numeric endpoint id. */
  public readonly endpointId: string;
  /** `projects/<project>/locations/<region>/endpoints/<id>`, as clients and the pipeline name it. */
  public readonly endpointName: string;
  public readonly region: string;
  public readonly project: string;
  public readonly servingAccount: IServiceAccount;
  public readonly encryptionKey: ICmekKey;

  constructor(scope: Construct, id: string, props: PredictionEndpointProps) {
    super(scope, id);
    const who = `PredictionEndpoint '${this.node.path}'`;
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('vertex-ai', region, `${who} encryptionKey`);
    if (props.displayName.length === 0 || props.displayName.length > 128) {
      throw new Error(`${who}: displayName '${props.displayName}' must be 1 to 128 characters long`);
    }
    const project = props.project;
    const endpointId = props.endpointId ?? derivedEndpointId(project, props.displayName);
    if (!/^[1-9]\d{0,9}$/.test(endpointId)) {
      throw new Error(`${who}: endpointId '${endpointId}' is invalid; Vertex AI endpoint ids are up to 10 digits with no leading zero`);
    }
    const network = props.network?.networkName;
    if (network !== undefined && !isUnresolved(network) && !/^projects\/\d+\/global\/networks\/[a-z][a-z0-9-]*$/.test(network)) {
      throw new Error(`${who}: network '${network}' is not named by project number; Vertex AI peers with 'projects/<project number>/global/networks/<name>'`);
    }
    this.region = region;
    this.project = project;
    this.endpointId = endpointId;
    this.servingAccount = props.servingAccount;
    this.encryptionKey = props.encryptionKey;
    this.resource = new VertexAiEndpoint(this, 'Resource', {
      project,
      location: region,
      name: endpointId,
      displayName: props.displayName,
      description: props.description ?? 'Online predictions of the MLOps platform',
      network,
      encryptionSpec: { kmsKeyName: props.encryptionKey.keyName },
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: [...(props.dependsOn ?? []), ...props.encryptionKey.useFor(this, props.projectNumber)],
    });
    this.endpointName = `projects/${project}/locations/${region}/endpoints/${endpointId}`;
    libraryMade(this);
  }
}

class ImportedEndpoint extends PlatformConstruct implements IEndpoint {
  constructor(scope: Construct, id: string, public readonly endpointName: string, public readonly project: string, public readonly region: string, public readonly endpointId: string) {
    super(scope, id);
    libraryMade(this);
  }
}

/** A 10-digit id from the project and display name: the same inputs always give the same id. */
export function derivedEndpointId(project: string, displayName: string): string {
  const digest = crypto.createHash('sha256').update(`${project}/${displayName}`).digest();
  return (BigInt(1_000_000_000) + (digest.readBigUInt64BE(0) % BigInt(9_000_000_000))).toString();
}
