import * as fs from 'fs';
import * as path from 'path';

/** The workload assets this package ships (package.json `files`), next to `src/` or `dist/src/`. */
export function packageAssets(...parts: string[]): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return path.join(candidate, ...parts);
    if (path.dirname(dir) === dir) throw new Error(`the package's assets/ folder was not found above '${__dirname}'`);
  }
}

/** The compiled pipeline: the one `.json` in assets/pipelines/compiled. */
export function compiledPipeline(): string {
  const dir = packageAssets('pipelines', 'compiled');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  if (found.length !== 1) {
    throw new Error(`expected exactly one compiled pipeline (.json) in assets/pipelines/compiled, found ${found.length ? found.join(', ') : 'none'}; compile the pipeline (assets/pipelines/compile.py) or pass pipelineTemplateFile`);
  }
  return path.join(dir, found[0]);
}
