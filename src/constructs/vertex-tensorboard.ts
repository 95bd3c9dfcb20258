import { Construct, IConstruct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { VertexAiTensorboard } from '@cdktf/provider-google/lib/vertex-ai-tensorboard';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';
import { assertEuRegion } from '../rules/locations';
import { ICmekKey } from './cmek-key';

/** A Vertex AI TensorBoard, created here or elsewhere (`VertexTensorboard.fromTensorboardName`). */
export interface ITensorboard extends IConstruct {
  /** `projects/<project>/locations/<region>/tensorboards/<id>`, as custom jobs and Experiments take it. */
  readonly tensorboardName: string;
  readonly region: string;
}

export interface VertexTensorboardProps {
  /** The project the TensorBoard is created in. */
  readonly project: string;
  /** The project's number: its Vertex AI service agent is granted on the key. */
  readonly projectNumber: string;
  readonly displayName: string;
  /** A `vertex-ai` class key in the TensorBoard's region. */
  readonly encryptionKey: ICmekKey;
  /** An EU region. @default - the key's location */
  readonly region?: string;
  /** @default - 'Training curves and Experiments of the MLOps platform' */
  readonly description?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) the TensorBoard waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Vertex AI TensorBoard on a customer-managed key: where training jobs write their curves and
 * Vertex AI Experiments keeps its time series. Its region is the key's (Vertex AI needs both in
 * one region).
 */
export class VertexTensorboard extends PlatformConstruct implements ITensorboard {
  /** A TensorBoard that already exists. It creates nothing. */
  public static fromTensorboardName(scope: Construct, id: string, tensorboardName: string): ITensorboard {
    const m = /^projects\/[^/]+\/locations\/([^/]+)\/tensorboards\/[^/]+$/.exec(tensorboardName);
    if (!m) {
      throw new Error(`VertexTensorboard.fromTensorboardName '${id}': '${tensorboardName}' is not a TensorBoard name; write it as 'projects/<project>/locations/<region>/tensorboards/<id>'`);
    }
    return new ImportedTensorboard(scope, id, tensorboardName, m[1]);
  }

  public readonly resource: VertexAiTensorboard;
  public readonly tensorboardName: string;
  public readonly region: string;

  constructor(scope: Construct, id: string, props: VertexTensorboardProps) {
    super(scope, id);
    const who = `VertexTensorboard '${this.node.path}'`;
    this.region = props.region ?? props.encryptionKey.location;
    assertEuRegion(this.region, `${who}: region`);
    props.encryptionKey.assertUsableFor('vertex-ai', this.region, `${who} encryptionKey`);
    this.resource = new VertexAiTensorboard(this, 'Resource', {
      project: props.project,
      region: this.region,
      displayName: props.displayName,
      description: props.description ?? 'Training curves and Experiments of the MLOps platform',
      encryptionSpec: { kmsKeyName: props.encryptionKey.keyName },
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: [...props.encryptionKey.useFor(this, props.projectNumber), ...(props.dependsOn ?? [])],
    });
    this.tensorboardName = this.resource.name;
    libraryMade(this);
  }
}

class ImportedTensorboard extends Construct implements ITensorboard {
  constructor(scope: Construct, id: string, public readonly tensorboardName: string, public readonly region: string) {
    super(scope, id);
  }
}
