/**
 * Input checks shared by the Cloud Function and the local submit command. Every error names
 * the setting it is about, shows the value received and says what would be accepted.
 */

import { EU_REGIONS } from './eu-regions';

export { EU_REGIONS };

/** A setting (environment variable or flag) that is missing or malformed. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function requireRegion(value: string | undefined, setting: string): string {
  const region = requireValue(value, setting);
  if (!/^[a-z]+-[a-z]+\d+$/.test(region)) {
    throw new ConfigError(`${setting} '${region}' is not a region name (expected e.g. europe-west4)`);
  }
  if (!(EU_REGIONS as readonly string[]).includes(region)) {
    throw new ConfigError(
      `${setting} '${region}' is not allowed: data must stay in the EU; use one of ${EU_REGIONS.join(', ')}`,
    );
  }
  return region;
}

export function requireValue(value: string | undefined, setting: string): string {
  const trimmed = value?.trim();
  if (!trimmed) {
    throw new ConfigError(`${setting} is required but was not set`);
  }
  return trimmed;
}

export function requireProjectId(value: string | undefined, setting: string): string {
  const project = requireValue(value, setting);
  // Project ids are 6-30 chars; project numbers are also accepted by the API.
  if (!/^([a-z][a-z0-9-]{4,28}[a-z0-9]|\d+)$/.test(project)) {
    throw new ConfigError(
      `${setting} '${project}' is not a project id (6-30 lowercase letters, digits or hyphens, starting with a letter)`,
    );
  }
  return project;
}

export interface GcsUri {
  readonly bucket: string;
  readonly object: string;
}

/** Parses gs://bucket/object; `objectRequired` rejects a bare bucket. */
export function parseGcsUri(value: string, setting: string, objectRequired: boolean): GcsUri {
  const match = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!match) {
    throw new ConfigError(`${setting} '${value}' is not a gs:// URI (expected gs://<bucket>/<path>)`);
  }
  const object = match[2] ?? '';
  if (objectRequired && (object === '' || object.endsWith('/'))) {
    throw new ConfigError(`${setting} '${value}' names a bucket or folder, not an object`);
  }
  return { bucket: match[1], object };
}

export function requireGcsPrefix(value: string | undefined, setting: string): string {
  const uri = requireValue(value, setting);
  parseGcsUri(uri, setting, false);
  return uri.replace(/\/+$/, '');
}

/**
 * A Cloud KMS key for Vertex AI. Vertex AI only accepts a key in the same location as the
 * resource it protects, so a key elsewhere is refused here instead of by the API later.
 */
export function requireKmsKey(value: string | undefined, setting: string, region: string): string {
  const key = requireValue(value, setting);
  const match = /^projects\/[^/]+\/locations\/([^/]+)\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.exec(key);
  if (!match) {
    throw new ConfigError(
      `${setting} '${key}' is not a Cloud KMS key name (expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)`,
    );
  }
  if (match[1] !== region) {
    throw new ConfigError(
      `${setting} '${key}' is in location '${match[1]}' but Vertex AI needs a key in the job's region '${region}'`,
    );
  }
  return key;
}

export function requireServiceAccount(value: string | undefined, setting: string): string {
  const email = requireValue(value, setting);
  if (!/^[a-z0-9][a-z0-9.-]*@[a-z0-9.-]+\.gserviceaccount\.com$/.test(email)) {
    throw new ConfigError(
      `${setting} '${email}' is not a service account e-mail (expected <name>@<project>.iam.gserviceaccount.com)`,
    );
  }
  return email;
}

/** Vertex AI job and label rules: lowercase letters, digits and hyphens, a letter first. */
export function requireJobId(value: string, setting: string): string {
  if (!/^[a-z][a-z0-9-]{0,127}$/.test(value)) {
    throw new ConfigError(
      `${setting} '${value}' is not a valid job id (at most 128 lowercase letters, digits or hyphens, starting with a letter)`,
    );
  }
  return value;
}

/** Turns free text into a Vertex AI label value ([a-z0-9_-], at most 63 characters). */
export function toLabelValue(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .slice(0, 63);
}

/** `host:port` of a test or emulator endpoint; `setting` names the flag or variable. */
export function parseHostPort(value: string, setting: string): { host: string; port: number } {
  const match = /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError(`${setting} '${value}' is not host:port (e.g. 127.0.0.1:8080)`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

/** A loopback host is a local test server: plaintext, no credentials. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
