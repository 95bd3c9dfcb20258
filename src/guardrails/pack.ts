import { IConstruct } from 'constructs';
import {
  Annotations, Aspects, DefaultTokenResolver, IAspect, Lazy, StringConcat, TerraformLocal, TerraformResource, TerraformStack, Tokenization,
} from 'cdktf';
import { owningPlatformConstruct } from '../platform-construct';
import { EXTERNAL_KEY, ExternalKeyMarker, GuardrailRule, ResourceNode, RuleContext } from './rule';
import { bucketAccess } from './rules/bucket-access';
import { cmekKeyPerClass } from './rules/cmek-key-per-class';
import { cmekRequired } from './rules/cmek-required';
import { euLocation } from './rules/eu-location';
import { keyPreventDestroy } from './rules/key-prevent-destroy';
import { keyRotation } from './rules/key-rotation';
import { noPrimitiveRoles } from './rules/no-primitive-roles';
import { noPublicMembers } from './rules/no-public-members';
import { noRawResources } from './rules/no-raw-resources';

/** The platform's policy pack, in the order findings are reported. */
export const PLATFORM_RULES: readonly GuardrailRule[] = [
  cmekRequired,
  cmekKeyPerClass,
  bucketAccess,
  euLocation,
  noPrimitiveRoles,
  noPublicMembers,
  keyRotation,
  keyPreventDestroy,
  noRawResources,
];

export interface Finding {
  readonly ruleId: string;
  readonly path: string;
  readonly type: string;
  readonly problem: string;
  readonly fix: string;
}

export interface Waiver {
  readonly ruleId: string;
  readonly reason: string;
  /** Construct path the waiver covers, with everything below it. */
  readonly path: string;
}

export interface GuardrailOptions {
  /** @default PLATFORM_RULES */
  readonly rules?: readonly GuardrailRule[];
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());
const WAIVERS = Symbol.for('vertex-mlops-cdktf.waivers');
type WaiverHolder = { [WAIVERS]?: Waiver[] };

function isTerraformResource(x: IConstruct): x is TerraformResource {
  return TerraformResource.isTerraformResource(x);
}

function fullPath(node: IConstruct): string {
  return node.node.path;
}

/** Runs the rules on every resource of the stack: the same evaluation the aspect annotates. */
export function evaluate(stack: TerraformStack, rules: readonly GuardrailRule[] = PLATFORM_RULES): { findings: Finding[]; waived: (Finding & { reason: string })[] } {
  const resources: ResourceNode[] = stack.node
    .findAll()
    .filter(isTerraformResource)
    .map((r) => {
      const tf = Tokenization.resolve(r.toTerraform(), { scope: stack, preparing: false, resolver: RESOLVER }) as { resource: Record<string, Record<string, Record<string, unknown>>> };
      const [type] = Object.keys(tf.resource);
      const [logicalId] = Object.keys(tf.resource[type]);
      return { type, logicalId, path: fullPath(r), config: tf.resource[type][logicalId], fromLibrary: owningPlatformConstruct(r) !== undefined, construct: r };
    });
  const byAddress = new Map(resources.map((r) => [`${r.type}.${r.logicalId}`, r]));
  const externalKeys = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    const marker = (c as unknown as Record<symbol, ExternalKeyMarker | undefined>)[EXTERNAL_KEY];
    if (marker) externalKeys.set(marker.keyName, marker.keyClass);
  }
  const context: RuleContext = {
    resources,
    externalKeys,
    resolveReference(ref) {
      if (typeof ref !== 'string') return undefined;
      const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(ref);
      return m ? byAddress.get(`${m[1]}.${m[2]}`) : undefined;
    },
  };
  const waivers = (stack as unknown as WaiverHolder)[WAIVERS] ?? [];
  const findings: Finding[] = [];
  const waived: (Finding & { reason: string })[] = [];
  for (const node of resources) {
    for (const rule of rules) {
      const verdict = rule.check(node, context);
      if (verdict.status !== 'non-compliant') continue;
      const finding = { ruleId: rule.id, path: node.path, type: node.type, problem: verdict.problem, fix: verdict.fix };
      const waiver = waivers.find((w) => w.ruleId === rule.id && (node.path === w.path || node.path.startsWith(`${w.path}/`)));
      if (waiver) waived.push({ ...finding, reason: waiver.reason });
      else findings.push(finding);
    }
  }
  return { findings, waived };
}

export function formatFinding(f: Finding): string {
  return `[${f.ruleId}] ${f.path} (${f.type}): ${f.problem}. Fix: ${f.fix}.`;
}

class GuardrailAspect implements IAspect {
  constructor(private readonly stack: TerraformStack, private readonly rules: readonly GuardrailRule[]) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack) return;
    for (const f of evaluate(this.stack, this.rules).findings) {
      const target = this.stack.node.findAll().find((c) => c.node.path === f.path);
      Annotations.of(target ?? this.stack).addError(formatFinding(f));
    }
  }
}

/** Applies and waives the platform's policy pack. */
export class Guardrails {
  /**
   * Checks every resource of `stack` at synth time. A violation is an error annotation that
   * fails `cdktf synth` with the rule id, the construct path and the fix.
   */
  public static applyTo(stack: TerraformStack, options: GuardrailOptions = {}): void {
    Aspects.of(stack).add(new GuardrailAspect(stack, options.rules ?? PLATFORM_RULES));
  }

  /**
   * Waives `ruleId` for `scope` and everything below it. The reason is mandatory and every
   * waiver is written into the stack's output as `local.guardrail_waivers`.
   */
  public static waive(scope: IConstruct, ruleId: string, reason: string): void {
    if (!PLATFORM_RULES.some((r) => r.id === ruleId)) {
      throw new Error(`Guardrails.waive: unknown rule id '${ruleId}'; use one of ${PLATFORM_RULES.map((r) => r.id).join(', ')}`);
    }
    if (reason.trim().length < 10) {
      throw new Error(`Guardrails.waive(${ruleId}) on '${scope.node.path}': the reason '${reason}' is too short; say why the rule does not apply here`);
    }
    const stack = TerraformStack.of(scope);
    const holder = stack as unknown as WaiverHolder;
    if (!holder[WAIVERS]) {
      const list: Waiver[] = [];
      Object.defineProperty(holder, WAIVERS, { value: list });
      new TerraformLocal(stack, 'guardrail_waivers', Lazy.anyValue({ produce: () => list.map((w) => ({ rule: w.ruleId, path: w.path, reason: w.reason })) }));
    }
    holder[WAIVERS]!.push({ ruleId, reason, path: scope.node.path });
  }
}
