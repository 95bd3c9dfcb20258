import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { packageAssets } from './assets';

/**
 * The platform's container images (assets/containers) and the folders each is built from. The
 * tag is a hash of those folders' files, computed exactly as scripts/container-build.sh does
 * when Cloud Build pushes them, so the pipeline parameters name the image that the sources in
 * this package build. A test compares the two.
 */
export const CONTAINER_IMAGES = {
  training: ['training'],
  tuning: ['training', 'tuning'],
  prediction: ['prediction'],
  // the Dataflow package's code and schema: the pipeline validates with the daily preprocessing's rules
  validation: ['validation', '../dataflow/iris_preprocess', '../dataflow/schema'],
} as const;

export type ContainerImage = keyof typeof CONTAINER_IMAGES;

function files(root: string, dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === '__pycache__' ? [] : files(root, rel);
    return entry.isFile() && !entry.name.endsWith('.pyc') ? [rel] : [];
  });
}

/** The content tag of `image`: 16 hex digits of a sha256 over its source files and their paths. */
export function containerImageTag(image: ContainerImage, context: string = packageAssets('containers')): string {
  const listing = CONTAINER_IMAGES[image]
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
