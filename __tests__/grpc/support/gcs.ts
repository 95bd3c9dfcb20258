/**
 * The one Cloud Storage JSON API call the pipeline trigger makes (media download of an
 * object), served on 127.0.0.1 the way the real API and GCS emulators answer it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackGcs {
  /** Base URL, for STORAGE_EMULATOR_HOST. */
  readonly url: string;
  /** Objects by `bucket/name`. */
  readonly objects: Map<string, string>;
  /** Paths requested, in order. */
  readonly requests: string[];
  stop(): Promise<void>;
}

export async function startLoopbackGcs(): Promise<LoopbackGcs> {
  const objects = new Map<string, string>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !match || url.searchParams.get('alt') !== 'media') {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 400, message: 'unsupported request' } }));
      return;
    }
    const key = `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`;
    const body = objects.get(key);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: `No such object: ${key}` } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
