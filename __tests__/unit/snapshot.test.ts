import { Testing } from 'cdktf';
import { ALL_ENVIRONMENTS, platformStack } from '../support/synth';

/**
 * Content hashes of shipped files (DAGs, the compiled pipeline, the function archive) change
 * with every workload edit; the workloads tests check them exactly. Masked here, so that this
 * snapshot changes only when what gets deployed changes shape.
 */
function maskContentHashes(json: string): string {
  return json
    .replace(/(assets\/[^"/]+\/)[0-9A-Fa-f]{32}\//g, '$1<hash>/')
    .replace(/-[0-9a-f]{12}(\.(py|json|zip))"/g, '-<sha12>$1"');
}

// Sorted JSON without metadata: a diff here is a reviewable change of what gets deployed.
test.each(ALL_ENVIRONMENTS)('%s stack matches its snapshot', (env) => {
  expect(maskContentHashes(Testing.synth(platformStack(env)))).toMatchSnapshot();
});

test('masking leaves everything but content hashes alone', () => {
  const json = '{"name":"dags/ingest_daily-bd1e3d6e0f75.py","source":"assets/x_ABC/D16DBF52A9FC7623946FFE0471F14BA6/a.py","member":"serviceAccount:bq-100000000001@x"}';
  expect(maskContentHashes(json)).toBe('{"name":"dags/ingest_daily-<sha12>.py","source":"assets/x_ABC/<hash>/a.py","member":"serviceAccount:bq-100000000001@x"}');
});
