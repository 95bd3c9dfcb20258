/** Helpers over a synthesized stack and the plan the real engine made of it: resource counts by type, references. */

interface ResourceChange { address: string; type: string; change: { actions: string[] } }

/** How many resources of each type the synthesized stack (cdk.tf.json) declares. */
export function synthesizedByType(synth: { resource?: Record<string, Record<string, unknown>> }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, byId] of Object.entries(synth.resource ?? {})) counts[type] = Object.keys(byId).length;
  return counts;
}

/** How many resources of each type the plan creates; any other action fails, naming the address. */
export function createdByType(plan: { resource_changes: ResourceChange[] }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rc of plan.resource_changes) {
    expect({ address: rc.address, actions: rc.change.actions }).toEqual({ address: rc.address, actions: ['create'] });
    counts[rc.type] = (counts[rc.type] ?? 0) + 1;
  }
  return counts;
}

/** References in a plan's expression tree (`references` arrays), flattened. */
export function refs(expr: unknown): string[] {
  if (Array.isArray(expr)) return expr.flatMap(refs);
  if (expr && typeof expr === 'object') {
    const o = expr as Record<string, unknown>;
    return [...(Array.isArray(o.references) ? (o.references as string[]) : []), ...Object.entries(o).filter(([k]) => k !== 'references').flatMap(([, v]) => refs(v))];
  }
  return [];
}
