import { Construct } from 'constructs';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { assertEuRegion } from '../config/types';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';

export interface CmekKeyringProps {
  readonly project: string;
  /** Decimal project number; the keys derive their service-agent e-mails from it. */
  readonly projectNumber: string;
  /** Region of the ring and of every resource its keys encrypt. Must be an EU region. */
  readonly location: string;
  readonly name: string;
}

/**
 * One key ring per environment and region. Key rings cannot be deleted in Cloud KMS, so the
 * name is stable and derived, never random.
 */
export class CmekKeyring extends PlatformConstruct {
  public readonly resource: KmsKeyRing;
  public readonly project: string;
  public readonly projectNumber: string;
  public readonly location: string;
  /** `projects/<p>/locations/<l>/keyRings/<name>` */
  public readonly id: string;

  constructor(scope: Construct, id: string, props: CmekKeyringProps) {
    super(scope, id);
    assertEuRegion(props.location, `CmekKeyring '${this.node.path}': location`);
    this.project = props.project;
    this.projectNumber = props.projectNumber;
    this.location = props.location;
    this.resource = new KmsKeyRing(this, 'Resource', {
      project: props.project,
      name: props.name,
      location: props.location,
      lifecycle: { preventDestroy: true },
    });
    this.id = this.resource.id;
    libraryMade(this);
  }
}
