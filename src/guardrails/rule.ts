import { IConstruct } from 'constructs';

/** One synthesized resource as a rule sees it: its final Terraform JSON, overrides included. */
export interface ResourceNode {
  readonly type: string;
  readonly logicalId: string;
  /** Construct path, e.g. `mlops-dev/buckets/shared-data/Resource`. */
  readonly path: string;
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * True when the library's own code created the resource (not merely when it sits under a
   * library construct: a subclass or a resource added under one is not the library's).
   */
  readonly fromLibrary: boolean;
  /** The construct, when the resource has one (a stack-level override adds JSON without one). */
  readonly construct?: IConstruct;
}

/** Everything in the stack, so a rule can follow a reference to another resource. */
export interface RuleContext {
  readonly resources: readonly ResourceNode[];
  /** Data sources of the stack, type to logical id to config. */
  readonly data: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  /** Looks up `${type.logical_id.attr}` references. */
  resolveReference(ref: unknown): ResourceNode | undefined;
  /** Keys outside the stack that the stack imported (`CmekKey.fromKeyName`): key name to class. */
  readonly externalKeys: ReadonlyMap<string, string>;
  /**
   * The literal a value stands for: the value itself, or what a `${type.id.attr}` / `${local.x}`
   * reference points at when that is a literal in this stack. Undefined when it cannot be known
   * at synth (a variable, a data source, an attribute only known after apply).
   */
  resolveValue(v: unknown): unknown;
  /** The config of the google (or google-beta) provider the resource uses, if the stack has one. */
  providerOf(node: ResourceNode): Readonly<Record<string, unknown>> | undefined;
  /** The documented reason when the resource is the platform deployer's privileged path. */
  privilegedReason(node: ResourceNode): string | undefined;
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

/**
 * A value the rule cannot judge at synth. It fails like a violation (a guardrail that passes what
 * it cannot see is no guardrail) and says so, so the fix is a literal value or a waiver.
 */
export function couldNotValidate(what: string, fix: string): Verdict {
  return nonCompliant(`could not validate: ${what}`, fix);
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

/** Every block instance at `path` (dot-separated): repeated blocks and lists fan out. */
export function instancesAt(value: unknown, path: readonly string[]): unknown[] {
  let cur: unknown[] = [value];
  for (const k of path) {
    const next: unknown[] = [];
    for (const c of cur.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (c !== null && typeof c === 'object' && k in (c as object)) {
        const v = (c as Record<string, unknown>)[k];
        if (v !== undefined && v !== null) next.push(v);
      }
    }
    cur = next;
  }
  return cur.flatMap((x) => (Array.isArray(x) ? x : [x]));
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
