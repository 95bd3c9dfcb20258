import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

// docs/constructs.md is TypeDoc's rendering of the public API's TSDoc: a change of a prop, a
// default or a doc comment without `npm run docs` fails here.
test('docs/constructs.md is generated from the current TSDoc', () => {
  let output = '';
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'docs.js'), '--check'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    output = String((e as { stderr?: Buffer }).stderr ?? e);
  }
  expect(output).toBe('');
}, 120000);
