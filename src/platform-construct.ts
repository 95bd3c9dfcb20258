import { Construct, IConstruct } from 'constructs';

const BRAND = Symbol.for('vertex-mlops-cdktf.PlatformConstruct');

/**
 * Base of every construct in this library. The brand lets the guardrails tell a resource made
 * by a reviewed construct from a raw provider resource added to a stack by hand.
 */
export abstract class PlatformConstruct extends Construct {
  public static isPlatformConstruct(x: unknown): x is PlatformConstruct {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(scope: Construct, id: string) {
    super(scope, id);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** The nearest library construct that owns `node`, if any. */
export function owningPlatformConstruct(node: IConstruct): PlatformConstruct | undefined {
  return node.node.scopes.slice().reverse().find((s) => PlatformConstruct.isPlatformConstruct(s)) as PlatformConstruct | undefined;
}

