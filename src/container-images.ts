import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { packageAssets } from './assets';

/**
 * The platform's container images, each a folder with a cloudbuild.yaml and an image.conf:
 * assets/containers/<image>, and assets/web for the web service.
 */
export const CONTAINER_IMAGES = ['training', 'tuning', 'prediction', 'validation', 'dataflow', 'web'] as const;

export type ContainerImage = (typeof CONTAINER_IMAGES)[number];

function files(root: string, dir: string): string[] {
  if (fs.statSync(path.join(root, dir)).isFile()) return [dir];
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === '__pycache__' || entry.name === 'node_modules' ? [] : files(root, rel);
    return entry.isFile() && !entry.name.endsWith('.pyc') ? [rel] : [];
  });
}

/**
 * The build context and the sources the tag covers, read from the image's `image.conf`, the
 * file scripts/container-build.sh reads too, so the two cannot disagree on what an image is.
 */
function imageSources(image: ContainerImage): { context: string; sources: string[] } {
  const folder = image === 'web' ? packageAssets('web') : packageAssets('containers', image);
  const conf = fs.readFileSync(path.join(folder, 'image.conf'), 'utf8');
  const value = (key: string) => [...conf.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].pop()?.[1].trim();
  const context = value('context');
  const sources = value('sources');
  if (!context || !sources) throw new Error(`${path.relative(path.dirname(packageAssets()), folder)}/image.conf must set context= and sources=`);
  return { context: path.join(path.dirname(packageAssets()), context), sources: sources.split(/\s+/) };
}

/**
 * The content tag of `image`: 16 hex digits of a sha256 over its source files and their paths,
 * computed exactly as scripts/container-build.sh does when Cloud Build pushes it, so the stacks
 * and the pipeline parameters name the image that the sources in this package build. A test
 * compares the two.
 */
export function containerImageTag(image: ContainerImage): string {
  const { context, sources } = imageSources(image);
  const listing = sources
    .flatMap((dir) => files(context, dir))
    .sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))))
    .map((rel) => `${crypto.createHash('sha256').update(fs.readFileSync(path.join(context, rel))).digest('hex')}  ${rel}\n`)
    .join('');
  return crypto.createHash('sha256').update(listing).digest('hex').slice(0, 16);
}

/** `<registry url>/<image>:<content tag>`. */
export function containerImageUri(registryUrl: string, image: ContainerImage): string {
  return `${registryUrl}/${image}:${containerImageTag(image)}`;
}
