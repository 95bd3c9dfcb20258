import { IConstruct } from 'constructs';
import { Lazy, TerraformElement, TerraformLocal, TerraformModule, TerraformResource, TerraformStack } from 'cdktf';
import { isLibraryMade, privilegedReason } from '../library-made';
import { EXTERNAL_KEY, ExternalKeyMarker, GuardrailRule, ResourceNode, RuleContext } from './rule';
import { bucketAccess } from './rules/bucket-access';
import { cmekKeyPerClass } from './rules/cmek-key-per-class';
import { cmekRequired } from './rules/cmek-required';
import { euLocation } from './rules/eu-location';
import { keyPreventDestroy } from './rules/key-prevent-destroy';
import { judgeable } from './rules/judgeable';
import { keyRotation } from './rules/key-rotation';
import { noEscalationRoles } from './rules/no-escalation-roles';
import { noGlobalReplication } from './rules/no-global-replication';
import { noPrimitiveRoles } from './rules/no-primitive-roles';
import { noPublicMembers } from './rules/no-public-members';
import { noRawResources } from './rules/no-raw-resources';
import { privateServing } from './rules/private-serving';
import { privateNotebooks } from './rules/private-notebooks';
import { noServiceAccountKeys } from './rules/no-service-account-keys';
import { noCredentials } from './rules/no-credentials';
import { federationCondition } from './rules/federation-condition';

/** The platform's policy pack, in the order findings are reported. */
export const PLATFORM_RULES: readonly GuardrailRule[] = [
  cmekRequired,
  cmekKeyPerClass,
  bucketAccess,
  euLocation,
  noGlobalReplication,
  noPrimitiveRoles,
  noPublicMembers,
  noEscalationRoles,
  noServiceAccountKeys,
  keyRotation,
  keyPreventDestroy,
  judgeable,
  noRawResources,
  noCredentials,
  federationCondition,
  privateServing,
  privateNotebooks,
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

/** The synthesized JSON of a stack, as far as the pack reads it. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, Record<string, unknown>[] | Record<string, unknown>>;
  readonly module?: Record<string, Record<string, unknown>>;
  readonly locals?: Record<string, unknown>;
}

const WAIVERS = Symbol.for('vertex-mlops-cdktf.waivers');
const GUARDED = Symbol.for('vertex-mlops-cdktf.guardrails');
type Holder = { [WAIVERS]?: Waiver[]; [GUARDED]?: { rules: readonly GuardrailRule[]; unguardedToTerraform: () => SynthesizedStack } };

/** A stack's synthesized JSON, computed without the guardrails' own enforcement. */
function synthesizedJson(stack: TerraformStack): SynthesizedStack {
  const guarded = (stack as unknown as Holder)[GUARDED];
  return (guarded ? guarded.unguardedToTerraform() : stack.toTerraform()) as SynthesizedStack;
}

function elementsByAddress(stack: TerraformStack): Map<string, IConstruct> {
  const map = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (TerraformResource.isTerraformResource(c)) map.set(`${(c as TerraformResource).terraformResourceType}.${(c as TerraformElement).friendlyUniqueId}`, c);
  }
  return map;
}

function providerConfigs(tf: SynthesizedStack): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const [name, entries] of Object.entries(tf.provider ?? {})) {
    for (const p of Array.isArray(entries) ? entries : [entries]) {
      map.set(typeof p.alias === 'string' ? `${name}.${p.alias}` : name, p);
    }
  }
  return map;
}

/**
 * Runs the rules on the final synthesized JSON of `stack`: what Terraform will apply, escape-hatch
 * overrides (`addOverride`, stack-level overrides) included.
 */
export function evaluate(stack: TerraformStack, rules: readonly GuardrailRule[] = PLATFORM_RULES): { findings: Finding[]; waived: (Finding & { reason: string })[] } {
  return evaluateJson(stack, synthesizedJson(stack), rules);
}

function evaluateJson(stack: TerraformStack, tf: SynthesizedStack, rules: readonly GuardrailRule[]) {
  const elements = elementsByAddress(stack);
  const resources: ResourceNode[] = [];
  for (const [type, byId] of Object.entries(tf.resource ?? {})) {
    for (const [logicalId, config] of Object.entries(byId)) {
      const construct = elements.get(`${type}.${logicalId}`);
      const meta = (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
      const path = construct?.node.path ?? meta?.path ?? `${stack.node.path}/resource.${type}.${logicalId}`;
      resources.push({ type, logicalId, path, config, fromLibrary: construct !== undefined && isLibraryMade(construct), construct });
    }
  }
  // A module's resources are not in the stack's JSON; the module itself is judged (VMC-COV-1, VMC-RAW-1).
  const modules = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (TerraformElement.isTerraformElement(c) && c instanceof TerraformModule) modules.set((c as TerraformElement).friendlyUniqueId, c);
  }
  for (const [logicalId, config] of Object.entries(tf.module ?? {})) {
    const construct = modules.get(logicalId);
    resources.push({ type: 'module', logicalId, path: construct?.node.path ?? `${stack.node.path}/module.${logicalId}`, config, fromLibrary: construct !== undefined && isLibraryMade(construct), construct });
  }
  const byAddress = new Map(resources.map((r) => [`${r.type}.${r.logicalId}`, r]));
  const providers = providerConfigs(tf);
  const externalKeys = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    const marker = (c as unknown as Record<symbol, ExternalKeyMarker | undefined>)[EXTERNAL_KEY];
    if (marker) externalKeys.set(marker.keyName, marker.keyClass);
  }
  const context: RuleContext = {
    resources,
    externalKeys,
    data: tf.data ?? {},
    resolveReference(ref) {
      if (typeof ref !== 'string') return undefined;
      const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(ref);
      return m ? byAddress.get(`${m[1]}.${m[2]}`) : undefined;
    },
    resolveValue(v) {
      for (let depth = 0; depth < 5; depth++) {
        if (typeof v !== 'string' || !v.includes('${')) return v;
        const res = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(v);
        const local = /^\$\{local\.([A-Za-z0-9_-]+)\}$/.exec(v);
        if (res) v = byAddress.get(`${res[1]}.${res[2]}`)?.config[res[3]];
        else if (local) v = tf.locals?.[local[1]];
        else return undefined;
      }
      return undefined;
    },
    providerOf(node) {
      const explicit = typeof node.config.provider === 'string' ? /^\$\{(.+)\}$/.exec(node.config.provider)?.[1] ?? node.config.provider : undefined;
      return providers.get(explicit ?? (providers.has('google') ? 'google' : 'google-beta'));
    },
    privilegedReason(node) {
      return node.construct ? privilegedReason(node.construct) : undefined;
    },
  };
  const waivers = (stack as unknown as Holder)[WAIVERS] ?? [];
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

/**
 * Thrown when a guarded stack is synthesized with findings. It carries no stack trace: the
 * findings are the user's to fix, and each one names the rule, the construct and the fix.
 */
export class GuardrailError extends Error {
  constructor(public readonly stackPath: string, public readonly findings: readonly Finding[]) {
    super(
      `guardrails: ${findings.length} finding${findings.length === 1 ? '' : 's'} in stack '${stackPath}' (fix each, or waive it with Guardrails.waive(scope, ruleId, reason)):\n` +
        findings.map((f) => `  - ${formatFinding(f)}`).join('\n'),
    );
    this.name = 'GuardrailError';
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Whether the app runs under the cdktf CLI: it sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS for
 * the app it starts (cdktf reads any non-empty value as set). There every line the app writes to
 * stderr is shown as `[ERROR]`; stdout is shown as it is.
 */
function underCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS);
}

/** Applies and waives the platform's policy pack. */
export class Guardrails {
  /**
   * Checks the final synthesized JSON of `stack` every time it is synthesized (`cdktf synth`,
   * `Testing.synth`, HCL output). A finding throws a `GuardrailError` naming the rule, the
   * construct path and the fix, so the stack never reaches disk. The check does not go through
   * cdktf's annotations, so `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS` and `skipValidation`
   * do not turn it off.
   */
  public static applyTo(stack: TerraformStack, options: GuardrailOptions = {}): void {
    const holder = stack as unknown as Holder;
    const rules = options.rules ?? PLATFORM_RULES;
    if (holder[GUARDED]) {
      holder[GUARDED].rules = [...new Set([...holder[GUARDED].rules, ...rules])];
      return;
    }
    const unguardedToTerraform = stack.toTerraform.bind(stack) as () => SynthesizedStack;
    const unguardedToHcl = stack.toHclTerraform.bind(stack);
    const state = { rules, unguardedToTerraform };
    Object.defineProperty(holder, GUARDED, { value: state });
    const enforce = (tf: SynthesizedStack) => {
      const { findings, waived } = evaluateJson(stack, tf, state.rules);
      if (findings.length > 0) throw new GuardrailError(stack.node.path, findings);
      // A waiver is a reviewed exception, not a silence: each use says so on every synth.
      // A library-made waiver's reason can close its problem word for word (`...: <reason>`):
      // then it is said once. Any other reason is always printed.
      const out = underCdktfCli() ? process.stdout : process.stderr;
      for (const w of waived) {
        const reason = w.problem.endsWith(`: ${w.reason}`) ? '' : ` (reason: ${w.reason})`;
        out.write(`guardrails: waived [${w.ruleId}] ${w.path}: ${w.problem}${reason}\n`);
      }
    };
    Object.defineProperty(stack, 'toTerraform', {
      value: () => {
        const tf = unguardedToTerraform();
        enforce(tf);
        return tf;
      },
    });
    Object.defineProperty(stack, 'toHclTerraform', {
      value: () => {
        enforce(unguardedToTerraform());
        return unguardedToHcl();
      },
    });
  }

  /**
   * Waives `ruleId` for `scope` and everything below it. The reason is mandatory; every waiver,
   * with the findings it waived, is written into the stack's output as `local.guardrail_waivers`,
   * and each synth prints one notice line per waived finding (`guardrails: waived [RULE] path:
   * problem (reason: ...)`): on stderr, or on stdout when the app runs under the cdktf CLI,
   * which shows every stderr line of an app as `[ERROR]`.
   */
  public static waive(scope: IConstruct, ruleId: string, reason: string): void {
    if (!PLATFORM_RULES.some((r) => r.id === ruleId)) {
      throw new Error(`Guardrails.waive: unknown rule id '${ruleId}'; use one of ${PLATFORM_RULES.map((r) => r.id).join(', ')}`);
    }
    if (reason.trim().length < 10) {
      throw new Error(`Guardrails.waive(${ruleId}) on '${scope.node.path}': the reason '${reason}' is too short; say why the rule does not apply here`);
    }
    const stack = TerraformStack.of(scope);
    const holder = stack as unknown as Holder;
    if (!holder[WAIVERS]) {
      const list: Waiver[] = [];
      Object.defineProperty(holder, WAIVERS, { value: list });
      new TerraformLocal(stack, 'guardrail_waivers', Lazy.anyValue({ produce: () => list.map((w) => ({ rule: w.ruleId, path: w.path, reason: w.reason })) }));
    }
    holder[WAIVERS]!.push({ ruleId, reason, path: scope.node.path });
  }
}
