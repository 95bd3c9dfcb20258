import { Construct, IConstruct } from 'constructs';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { isUnresolved } from '../rules/tokens';

/** A Cloud KMS key ring, created here or elsewhere (`CmekKeyring.fromKeyRingName`). */
export interface ICmekKeyring extends IConstruct {
  /** `projects/<p>/locations/<l>/keyRings/<name>` */
  readonly keyRingName: string;
  /** The project that holds the ring: the platform's own, or a central key project. */
  readonly project: string;
  /** Region of the ring and of every resource its keys encrypt. */
  readonly location: string;
}

export interface CmekKeyringProps {
  /** The project that holds the ring; keys may live in a project of their own. */
  readonly project: string;
  /** Region of the ring and of every resource its keys encrypt. Must be an EU region. */
  readonly location: string;
  readonly name: string;
}

/**
 * One key ring per environment and region. Key rings cannot be deleted in Cloud KMS, so the
 * name is stable and derived, never random.
 */
export class CmekKeyring extends PlatformConstruct implements ICmekKeyring {
  /**
   * A key ring that already exists, e.g. in the security team's key project. It creates nothing.
   * @param keyRingName `projects/<project>/locations/<EU region>/keyRings/<name>`
   */
  public static fromKeyRingName(scope: Construct, id: string, keyRingName: string): ICmekKeyring {
    const m = /^projects\/([^/]+)\/locations\/([^/]+)\/keyRings\/([^/]+)$/.exec(keyRingName);
    if (!m) {
      throw new Error(`CmekKeyring.fromKeyRingName '${id}': '${keyRingName}' is not a key ring name; write it as 'projects/<project>/locations/<region>/keyRings/<name>'`);
    }
    assertEuRegion(m[2], `CmekKeyring.fromKeyRingName '${id}': location`);
    return new ImportedKeyring(scope, id, keyRingName, m[1], m[2]);
  }

  public readonly resource: KmsKeyRing;
  public readonly project: string;
  public readonly location: string;
  public readonly keyRingName: string;

  constructor(scope: Construct, id: string, props: CmekKeyringProps) {
    super(scope, id);
    assertEuRegion(props.location, `CmekKeyring '${this.node.path}': location`);
    if (isUnresolved(props.location)) {
      throw new Error(`CmekKeyring '${this.node.path}': location must be known at synth (keys are checked against their resources' regions); pass a region name, not a token`);
    }
    this.project = props.project;
    this.location = props.location;
    this.resource = new KmsKeyRing(this, 'Resource', {
      project: props.project,
      name: props.name,
      location: props.location,
      lifecycle: { preventDestroy: true },
    });
    this.keyRingName = this.resource.id;
    libraryMade(this);
  }
}

class ImportedKeyring extends PlatformConstruct implements ICmekKeyring {
  constructor(scope: Construct, id: string, public readonly keyRingName: string, public readonly project: string, public readonly location: string) {
    super(scope, id);
    libraryMade(this);
  }
}
