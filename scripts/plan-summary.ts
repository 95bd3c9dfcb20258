/**
 * The pull-request comment for one stack's plan, rendered from `tofu show -json` output, and
 * the Azure DevOps call that posts it.
 *
 *   plan-summary render --plan PLAN.json [--stack NAME] [--synth cdk.tf.json] [--out FILE]
 *   plan-summary post --file SUMMARY.md
 *       (in a pull-request build: SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECTID,
 *        BUILD_REPOSITORY_ID, SYSTEM_PULLREQUEST_PULLREQUESTID, SYSTEM_ACCESSTOKEN)
 *
 * A reviewer reads it top down: first, in bold, every key, key ring, bucket or dataset the
 * plan destroys or replaces (losing one loses data, or makes data unreadable); then a count per
 * construct (the cdktf construct path, read from the synthesized stack's metadata); then every
 * change, folded.
 */
import * as fs from 'fs';
import { parseArgs } from 'util';

/** Resource types whose destruction loses data or the key to it. */
export const DATA_BEARING: Readonly<Record<string, string>> = {
  google_kms_crypto_key: 'key',
  google_kms_key_ring: 'key ring',
  google_storage_bucket: 'bucket',
  google_bigquery_dataset: 'dataset',
};

export type Kind = 'create' | 'update' | 'replace' | 'delete';
const KINDS: readonly Kind[] = ['create', 'update', 'replace', 'delete'];

interface ResourceChange {
  address: string;
  type: string;
  mode?: string;
  change: { actions: string[]; replace_paths?: (string | number)[][] };
  action_reason?: string;
}
export interface PlanJson {
  format_version?: string;
  resource_changes?: ResourceChange[];
}
interface SynthJson {
  resource?: Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>>;
}

export class SummaryError extends Error {}

export interface Change {
  address: string;
  type: string;
  kind: Kind;
  construct: string;
  /** Attributes that force the replacement, as the engine reports them. */
  forcedBy: string[];
}

function kindOf(actions: string[]): Kind | undefined {
  const a = [...actions].sort().join(',');
  if (a === 'create') return 'create';
  if (a === 'update') return 'update';
  if (a === 'delete') return 'delete';
  if (a === 'create,delete') return 'replace';
  return undefined; // no-op, read
}

/** Construct path of every resource address, from the synthesized stack's metadata. */
export function constructPaths(synth: SynthJson | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries(synth?.resource ?? {})) {
    for (const [name, r] of Object.entries(byName)) {
      const p = r['//']?.metadata?.path;
      // <stack>/<construct path>/<resource id>: the stack and the resource id say nothing here.
      if (p) out.set(`${type}.${name}`, p.split('/').slice(1, -1).join('/') || '(stack)');
    }
  }
  return out;
}

export function changes(plan: PlanJson, synth?: SynthJson): Change[] {
  if (!Array.isArray(plan.resource_changes) && plan.format_version === undefined) {
    throw new SummaryError('this is not `tofu show -json` output of a plan: no format_version, no resource_changes');
  }
  const paths = constructPaths(synth);
  const out: Change[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const kind = kindOf(rc.change.actions);
    if (!kind) continue;
    // Resources inside modules or with count/for_each keep their base address for the lookup.
    const base = rc.address.replace(/\[[^\]]*\]$/, '');
    out.push({
      address: rc.address,
      type: rc.type,
      kind,
      // Without the synthesized stack, a resource's type is the best grouping left.
      construct: paths.size === 0 ? rc.type : paths.get(base) ?? 'no longer in this stack',
      forcedBy: kind === 'replace' ? (rc.change.replace_paths ?? []).map((p) => p.join('.')) : [],
    });
  }
  return out;
}

export function isDangerous(c: Change): boolean {
  return (c.kind === 'replace' || c.kind === 'delete') && c.type in DATA_BEARING;
}

const VERB: Record<Kind, string> = { create: 'create', update: 'update', replace: 'REPLACE', delete: 'DELETE' };

export function render(plan: PlanJson, opts: { stack?: string; synth?: SynthJson } = {}): string {
  const all = changes(plan, opts.synth);
  const count = (k: Kind, list = all): number => list.filter((c) => c.kind === k).length;
  const title = opts.stack ? `Plan for \`${opts.stack}\`` : 'Plan';
  const lines: string[] = [
    `### ${title}: ${count('create')} to create, ${count('update')} to update, ${count('replace')} to replace, ${count('delete')} to delete`,
    '',
  ];
  const danger = all.filter(isDangerous).sort((a, b) => (a.kind === b.kind ? a.address.localeCompare(b.address) : a.kind === 'delete' ? -1 : 1));
  if (danger.length > 0) {
    for (const c of danger) {
      const why = c.forcedBy.length > 0 ? `, forced by ${c.forcedBy.map((f) => `\`${f}\``).join(', ')}` : '';
      lines.push(`- **${VERB[c.kind]} ${DATA_BEARING[c.type]} \`${c.address}\` (${c.construct})${why}**`);
    }
    lines.push('');
  }
  if (all.length === 0) {
    lines.push('No changes.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('| construct | create | update | replace | delete |', '| --- | ---: | ---: | ---: | ---: |');
  const constructs = [...new Set(all.map((c) => c.construct))].sort();
  for (const name of constructs) {
    const mine = all.filter((c) => c.construct === name);
    lines.push(`| ${name} | ${KINDS.map((k) => count(k, mine) || '').join(' | ')} |`);
  }
  lines.push('', `<details><summary>All ${all.length} changes</summary>`, '');
  for (const c of [...all].sort((a, b) => KINDS.indexOf(b.kind) - KINDS.indexOf(a.kind) || a.address.localeCompare(b.address))) {
    lines.push(`- ${VERB[c.kind]} \`${c.address}\``);
  }
  lines.push('', '</details>');
  return `${lines.join('\n')}\n`;
}

export interface PostEnv {
  SYSTEM_COLLECTIONURI?: string;
  SYSTEM_TEAMPROJECTID?: string;
  BUILD_REPOSITORY_ID?: string;
  SYSTEM_PULLREQUEST_PULLREQUESTID?: string;
  SYSTEM_ACCESSTOKEN?: string;
}

/** Posts the summary as a new comment thread on the pull request (Pull Request Threads - Create). */
export async function post(markdown: string, env: PostEnv): Promise<string> {
  const need = ['SYSTEM_COLLECTIONURI', 'SYSTEM_TEAMPROJECTID', 'BUILD_REPOSITORY_ID', 'SYSTEM_PULLREQUEST_PULLREQUESTID', 'SYSTEM_ACCESSTOKEN'] as const;
  const missing = need.filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new SummaryError(`${missing.join(', ')} not set: post runs in a pull-request build, with env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) } on the step`);
  }
  const base = (env.SYSTEM_COLLECTIONURI as string).replace(/\/?$/, '/');
  const url = `${base}${env.SYSTEM_TEAMPROJECTID}/_apis/git/repositories/${env.BUILD_REPOSITORY_ID}/pullRequests/${env.SYSTEM_PULLREQUEST_PULLREQUESTID}/threads?api-version=7.1`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env.SYSTEM_ACCESSTOKEN}`, 'Content-Type': 'application/json' },
    // status 4 = closed: a plan is information, not a review task to resolve.
    body: JSON.stringify({ comments: [{ parentCommentId: 0, content: markdown, commentType: 1 }], status: 4 }),
  });
  const text = await res.text();
  if (!res.ok) {
    const hint = res.status === 403 || res.status === 401
      ? ' (the build service account needs "Contribute to pull requests" on the repository)'
      : '';
    throw new SummaryError(`Azure DevOps refused the comment: HTTP ${res.status}${hint}: ${text.slice(0, 300)}`);
  }
  return url;
}

function readJson<T>(file: string, what: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SummaryError(`${what} '${file}' cannot be read`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SummaryError(`${what} '${file}' is not JSON: pass the output of \`tofu show -json PLANFILE\``);
  }
}

const USAGE = 'usage: plan-summary render --plan PLAN.json [--stack NAME] [--synth cdk.tf.json] [--out FILE]\n       plan-summary post --file SUMMARY.md';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [mode, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { plan: { type: 'string' }, stack: { type: 'string' }, synth: { type: 'string' }, out: { type: 'string' }, file: { type: 'string' } },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new SummaryError(`${(e as Error).message}\n${USAGE}`);
  }
  if (mode === 'render') {
    if (!values.plan) throw new SummaryError(`render needs --plan\n${USAGE}`);
    const md = render(readJson<PlanJson>(values.plan, '--plan'), {
      stack: values.stack,
      synth: values.synth ? readJson<SynthJson>(values.synth, '--synth') : undefined,
    });
    if (values.out) fs.writeFileSync(values.out, md);
    else stdout.write(md);
    return 0;
  }
  if (mode === 'post') {
    if (!values.file) throw new SummaryError(`post needs --file\n${USAGE}`);
    const url = await post(fs.readFileSync(values.file, 'utf8'), env);
    stdout.write(`posted ${values.file} to ${url.replace(/\?.*$/, '')}\n`);
    return 0;
  }
  throw new SummaryError(USAGE);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    if (!(e instanceof SummaryError)) throw e;
    process.stderr.write(`plan-summary: ${e.message}\n`);
    process.exitCode = 2;
  });
}
