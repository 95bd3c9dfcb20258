/** Resource counts by type, of a synthesized stack and of the plan the real engine made of it. */

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
