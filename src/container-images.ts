import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { packageAssets } from './assets';

/**
 * The platform's container images and the files each is built from: folders of
 * assets/containers, and for `web` the sources scripts/web-image.js bundles, relative to the
 * repository (the lockfile too: the bundle holds the locked packages). The tag is a hash of
 * those files, computed exactly as scripts/container-build.sh does when Cloud Build pushes
 * them, so the stacks name the image that the sources in this package build. A test compares
 * the two.
 */
export const CONTAINER_IMAGES = {
  training: ['training'],
  tuning: ['training', 'tuning'],
  prediction: ['prediction'],
  web: [
    'assets/dags/mlops_ingest/iris.schema.json',
    'assets/web/Dockerfile',
    'assets/web/cloudbuild.yaml',
    'assets/web/public',
    'assets/web/src',
    'inference/lib',
    'package-lock.json',
    'packages/vertex-client/src',
  ],
} as const;

export type ContainerImage = keyof typeof CONTAINER_IMAGES;

function files(root: string, dir: string): string[] {
  if (fs.statSync(path.join(root, dir)).isFile()) return [dir];
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === '__pycache__' ? [] : files(root, rel);
    return entry.isFile() && !entry.name.endsWith('.pyc') ? [rel] : [];
  });
}

/** The content tag of `image`: 16 hex digits of a sha256 over its source files and their paths. */
export function containerImageTag(image: ContainerImage, context: string = image === 'web' ? path.dirname(packageAssets()) : packageAssets('containers')): string {
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
