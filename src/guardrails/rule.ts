import { TerraformResource } from 'cdktf';

/** One synthesized resource as a rule sees it: resolved, snake_case Terraform config. */
export interface ResourceNode {
  readonly type: string;
  readonly logicalId: string;
  /** Construct path, e.g. `mlops-dev/buckets/shared-data/Resource`. */
  readonly path: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** True when a construct of this library created the resource. */
  readonly fromLibrary: boolean;
  readonly construct: TerraformResource;
}

/** Everything in the stack, so a rule can follow a reference to another resource. */
export interface RuleContext {
  readonly resources: readonly ResourceNode[];
  /** Looks up `${type.logical_id.attr}` references. */
  resolveReference(ref: unknown): ResourceNode | undefined;
  /** Keys outside the stack that the stack imported (`CmekKey.fromKeyName`): key name to class. */
  readonly externalKeys: ReadonlyMap<string, string>;
}

export type Verdict =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly problem: string; readonly fix: string };

export interface GuardrailRule {
  /** Stable id, e.g. `VMC-GCS-1`; waivers name it. */
  readonly id: string;
  /** One line: what the rule demands and why. */
  readonly description: string;
  /** The control this rule serves. */
  readonly control: string;
  check(node: ResourceNode, context: RuleContext): Verdict;
}

export const COMPLIANT: Verdict = { status: 'compliant' };
export const NOT_APPLICABLE: Verdict = { status: 'not-applicable' };
export function nonCompliant(problem: string, fix: string): Verdict {
  return { status: 'non-compliant', problem, fix };
}

/** True for a value still holding a Terraform expression, which a rule cannot judge. */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

/** Reads a nested block: Terraform blocks synthesize either as objects or one-element arrays. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let cur = value;
  for (const k of keys) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * Marks a construct that stands for a key outside the stack (`CmekKey.fromKeyName`). The rules
 * take its `keyName` and `keyClass` as the class of that key, which the stack cannot read.
 */
export const EXTERNAL_KEY = Symbol.for('vertex-mlops-cdktf.externalKey');
export interface ExternalKeyMarker {
  readonly keyName: string;
  readonly keyClass: string;
}
