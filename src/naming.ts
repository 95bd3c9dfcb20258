/** Resource names: `<prefix>-<environment>-<purpose>`, never random. */
export interface Naming {
  readonly prefix: string;
  readonly environment: string;
}

export function resourceName(naming: Naming, purpose: string, maxLength = 63): string {
  const name = `${naming.prefix}-${naming.environment}-${purpose}`;
  if (name.length > maxLength) {
    throw new Error(`name '${name}' is ${name.length} characters, over the ${maxLength} this resource accepts; shorten the prefix or the purpose '${purpose}'`);
  }
  return name;
}

/** Service-account ids: 6-30 characters, so the environment is shortened and the purpose kept. */
export function accountId(naming: Naming, purpose: string): string {
  const env = { dev: 'd', staging: 's', prod: 'p' }[naming.environment] ?? naming.environment;
  const id = `${naming.prefix}-${env}-${purpose}`;
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(id)) {
    throw new Error(`service account id '${id}' is invalid: ids are 6-30 lowercase letters, digits or hyphens; shorten the prefix or the purpose '${purpose}'`);
  }
  return id;
}
