import { Construct, IConstruct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Naming } from '../rules/names';

const LAYER = Symbol.for('vertex-mlops-cdktf.Layer');

/**
 * Base of the layers: constructs one level above the resource constructs, each a whole
 * capability that a stack composes and another team can use on its own. A layer holds no raw
 * resources, only the library's constructs.
 */
export abstract class Layer extends Construct {
  /** True for a layer; `MlopsPlatformStack` leaves layers out of its resources' addresses. */
  public static isLayer(x: unknown): x is Layer {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[LAYER] === true;
  }

  constructor(scope: Construct, id: string) {
    super(scope, id);
    Object.defineProperty(this, LAYER, { value: true });
  }
}

/** What every layer needs to know about the project it builds in. */
export interface LayerProjectProps {
  /** The project the layer's resources are created in. */
  readonly project: string;
  /** Its decimal number: service-agent e-mails derive from it. */
  readonly projectNumber: string;
  /** Names are `<prefix>-<environment>-<purpose>`. */
  readonly naming: Naming;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The enabled-API resources among the names given, which the layer's resources then wait for
   * (`FoundationLayer.apis`, bound). Each layer asks for the APIs its own resources need.
   * @default - wait for nothing (the project's APIs are enabled already)
   */
  readonly apis?: ApiDependencies;
}

/** Looks up enabled-API resources by API name, e.g. `composer.googleapis.com`. */
export type ApiDependencies = (...apis: string[]) => ITerraformDependable[];

/** The enabled-API resources `props` can give for `names`, or none. */
export function apisOf(props: { readonly apis?: ApiDependencies }, ...names: string[]): ITerraformDependable[] {
  return props.apis ? props.apis(...names) : [];
}

/** Path of `node` below its stack, for outputs and messages. */
export function pathInStack(node: IConstruct): string {
  return node.node.scopes.slice(2).filter((s): boolean => !Layer.isLayer(s)).map((s) => s.node.id).join('/');
}
