import { Construct } from 'constructs';
import { ICmekKey } from '../constructs/cmek-key';
import { ISecret } from '../constructs/encrypted-secret';
import { LOOKER_OAUTH_SECRET_IN_STATE, LookerInstance, LookerInstanceProps } from '../constructs/looker-instance';
import { Guardrails } from '../guardrails/pack';
import { PlatformNetwork } from '../constructs/platform-network';
import { resourceName } from '../rules/names';
import { apisOf, Layer, LayerProjectProps } from './layer';

/**
 * The project roles the CI/CD identities need on top of their own while Looker is on: the
 * deployer creates and updates the instance, the planner reads it when it plans.
 */
export const REPORTING_CICD_ROLES = {
  deployer: { 'roles/looker.admin': 'the Looker instance (looker.enabled)' },
  planner: ['roles/looker.viewer'],
} as const;

export interface ReportingLayerProps extends LayerProjectProps {
  /** The network Looker gets its private address in. */
  readonly network: PlatformNetwork;
  /** A `looker` class key. */
  readonly lookerKey: ICmekKey;
  /** The OAuth client people sign in with. */
  readonly oauthClientId: string;
  /** The secret holding the OAuth client's secret. */
  readonly oauthClientSecret: ISecret;
  /** @default 'LOOKER_CORE_ENTERPRISE_ANNUAL' */
  readonly edition?: LookerInstanceProps['edition'];
  /** @default - any identity the OAuth client admits */
  readonly allowedEmailDomains?: readonly string[];
}

/**
 * Reporting: Looker (Google Cloud core) over the platform's BigQuery tables, with the LookML
 * project in assets/looker. Opt-in: an annual Looker edition costs far more than the rest of an
 * environment.
 *
 * Needs: the platform network, a `looker` key, an OAuth client (its id, and a secret holding its
 * secret). Provides: the Looker instance (`looker`), private IP only, with guardrail
 * VMC-SECRET-1 waived for its OAuth client secret (`LOOKER_OAUTH_SECRET_IN_STATE` says why).
 */
export class ReportingLayer extends Layer {
  public readonly looker: LookerInstance;

  constructor(scope: Construct, id: string, props: ReportingLayerProps) {
    super(scope, id);
    this.looker = new LookerInstance(this, 'looker', {
      project: props.project,
      projectNumber: props.projectNumber,
      name: resourceName(props.naming, 'looker'),
      encryptionKey: props.lookerKey,
      network: props.network,
      oauthClientId: props.oauthClientId,
      oauthClientSecret: props.oauthClientSecret,
      edition: props.edition,
      allowedEmailDomains: props.allowedEmailDomains,
      dependsOn: apisOf(props, 'looker.googleapis.com'),
    });
    Guardrails.waive(this.looker, 'VMC-SECRET-1', LOOKER_OAUTH_SECRET_IN_STATE);
  }
}
