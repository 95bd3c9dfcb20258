import { Construct } from 'constructs';
import { DataGoogleSecretManagerSecretVersion } from '@cdktf/provider-google/lib/data-google-secret-manager-secret-version';
import { LookerInstance as LookerInstanceResource } from '@cdktf/provider-google/lib/looker-instance';
import { ITerraformDependable, Token } from 'cdktf';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';
import { assertEuRegion } from '../rules/locations';
import { ICmekKey } from './cmek-key';
import { ISecret } from './encrypted-secret';
import { PlatformNetwork } from './platform-network';

/** Editions that allow private IP (the standard edition is public only). */
export const LOOKER_PRIVATE_EDITIONS = ['LOOKER_CORE_ENTERPRISE_ANNUAL', 'LOOKER_CORE_EMBED_ANNUAL'] as const;

/**
 * Why VMC-SECRET-1 may be waived for a `LookerInstance`: the stack that creates one says so with
 * `Guardrails.waive(looker, 'VMC-SECRET-1', LOOKER_OAUTH_SECRET_IN_STATE)`.
 */
export const LOOKER_OAUTH_SECRET_IN_STATE =
  'google_looker_instance requires oauth_config.client_secret and google 6.50.0 has no write-only form of it; the value is read from Secret Manager at plan ' +
  'and kept only as a sensitive value in the Terraform state, never in code, config or the synthesized JSON';

export interface LookerInstanceProps {
  readonly project: string;
  /** The project's number: its Looker service agent is granted on the key. */
  readonly projectNumber: string;
  /** 1-63 lowercase letters, digits and hyphens. */
  readonly name: string;
  /** A `looker` class key, in the instance's region. */
  readonly encryptionKey: ICmekKey;
  /** The instance gets a private address in this network's private service access range; it has no public one. */
  readonly network: PlatformNetwork;
  /** The OAuth client's id (not a secret: it appears in every sign-in URL). */
  readonly oauthClientId: string;
  /** The secret whose latest version holds the OAuth client's secret; it is read at plan, never written in code. */
  readonly oauthClientSecret: ISecret;
  /** @default - the key's location */
  readonly region?: string;
  /** @default 'LOOKER_CORE_ENTERPRISE_ANNUAL' */
  readonly edition?: (typeof LOOKER_PRIVATE_EDITIONS)[number];
  /** Only people with these e-mail domains may sign in. @default - any Google identity the OAuth client admits */
  readonly allowedEmailDomains?: readonly string[];
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Looker (Google Cloud core) for the platform's reporting (the LookML project in
 * assets/looker): private IP only in the platform network (no public address), its data at
 * rest on a `looker` class key, an EU region, people signing in through an OAuth client
 * whose secret comes from Secret Manager.
 *
 * Costly (an annual edition), so stacks create it only when asked. The OAuth client secret is
 * read from Secret Manager at plan time and kept by Terraform as a sensitive value in state, as
 * the provider requires it in `oauth_config`; it never appears in code or config. Guardrail
 * VMC-SECRET-1 reports that; the stack waives it with `LOOKER_OAUTH_SECRET_IN_STATE`.
 */
export class LookerInstance extends PlatformConstruct {
  public readonly resource: LookerInstanceResource;
  /** The address people reach Looker on, inside the network. */
  public readonly privateIngressUrl: string;

  constructor(scope: Construct, id: string, props: LookerInstanceProps) {
    super(scope, id);
    const who = `LookerInstance '${this.node.path}'`;
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('looker', region, `${who} encryptionKey`);
    if (!Token.isUnresolved(props.name) && !/^[a-z][a-z0-9-]{0,61}[a-z0-9]$/.test(props.name)) {
      throw new Error(`${who}: name '${props.name}' is invalid; use 2-63 lowercase letters, digits or hyphens, starting with a letter`);
    }
    if (!Token.isUnresolved(props.oauthClientId) && !/^[0-9]+-[a-z0-9]+\.apps\.googleusercontent\.com$/.test(props.oauthClientId)) {
      throw new Error(`${who}: oauthClientId '${props.oauthClientId}' is not an OAuth client id; copy it from APIs & Services > Credentials (it ends in .apps.googleusercontent.com)`);
    }
    const secret = new DataGoogleSecretManagerSecretVersion(this, 'oauth-client-secret', { secret: props.oauthClientSecret.secretName });
    this.resource = new LookerInstanceResource(this, 'Resource', {
      project: props.project,
      name: props.name,
      region,
      platformEdition: props.edition ?? 'LOOKER_CORE_ENTERPRISE_ANNUAL',
      privateIpEnabled: true,
      publicIpEnabled: false,
      consumerNetwork: props.network.resource.id,
      reservedRange: props.network.privateServiceRange.name,
      encryptionConfig: { kmsKeyName: props.encryptionKey.keyName },
      oauthConfig: { clientId: props.oauthClientId, clientSecret: secret.secretData },
      adminSettings: props.allowedEmailDomains ? { allowedEmailDomains: [...props.allowedEmailDomains] } : undefined,
      deletionPolicy: 'DEFAULT',
      dependsOn: [...props.encryptionKey.useFor(this, props.projectNumber), props.network.privateServiceConnection, ...(props.dependsOn ?? [])],
    });
    this.privateIngressUrl = this.resource.ingressPrivateIp;
    libraryMade(this);
  }
}
