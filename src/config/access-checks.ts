import { granteeKey } from '../iam';

/**
 * Members whose construct ids would collide: ids derive from the member (`user:a.b@x.com` and
 * `user:a-b@x.com` both give `user-a-b-x-com`), and a second construct with an id already taken
 * fails synth with a message about constructs, not config. Returns one message per collision.
 */
export function memberIdCollisions(members: readonly string[]): string[] {
  const byId = new Map<string, string[]>();
  for (const m of members) {
    if (m.includes('${')) continue;
    const id = granteeKey(m);
    byId.set(id, [...(byId.get(id) ?? []), m]);
  }
  return [...byId.entries()]
    .filter(([, ms]) => new Set(ms).size > 1 || ms.length > 1)
    .map(([id, ms]) => (new Set(ms).size > 1
      ? `${ms.map((m) => `'${m}'`).join(' and ')} would both be granted as '${id}'; keep one of them (the ids are derived from the member, punctuation dropped)`
      : `'${ms[0]}' is listed ${ms.length} times; list it once`));
}
