import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamBinding } from '@cdktf/provider-google/lib/pubsub-topic-iam-binding';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { assertEuRegion } from '../config/types';
import { applyIam, grant, Grantee, IamFactory, IamProps } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { CmekKey } from './cmek-key';

export interface EncryptedTopicProps extends IamProps {
  readonly name: string;
  /** A `pubsub` class key. */
  readonly encryptionKey: CmekKey;
  /** Regions where Pub/Sub may store messages; EU only. @default - the key's location */
  readonly allowedPersistenceRegions?: readonly string[];
  /** @default - Pub/Sub's default (messages are kept until acknowledged, up to 7 days) */
  readonly messageRetentionDuration?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Pub/Sub topic on a customer-managed key whose messages are stored in the EU only. */
export class EncryptedTopic extends PlatformConstruct {
  public readonly resource: PubsubTopic;
  public readonly id: string;
  public readonly topicName: string;
  private readonly iamFactory: IamFactory;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps) {
    super(scope, id);
    const who = `EncryptedTopic '${this.node.path}'`;
    props.encryptionKey.assertUsableFor('pubsub', undefined, `${who} encryptionKey`);
    const regions = props.allowedPersistenceRegions ?? [props.encryptionKey.location];
    for (const r of regions) assertEuRegion(r, `${who}: allowedPersistenceRegions entry`);
    if (regions.length === 0) throw new Error(`${who}: allowedPersistenceRegions is empty; name at least one EU region`);
    this.resource = new PubsubTopic(this, 'Resource', {
      project: props.encryptionKey.keyring.project,
      name: props.name,
      kmsKeyName: props.encryptionKey.id,
      messageStoragePolicy: { allowedPersistenceRegions: [...regions], enforceInTransit: true },
      messageRetentionDuration: props.messageRetentionDuration,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: props.encryptionKey.grants,
    });
    this.id = this.resource.id;
    this.topicName = this.resource.name;
    this.iamFactory = {
      scope: this,
      binding: (iid, role, members, condition) =>
        new PubsubTopicIamBinding(this, iid, { project: props.encryptionKey.keyring.project, topic: this.resource.name, role, members, condition }),
      member: (iid, role, member, condition) =>
        new PubsubTopicIamMember(this, iid, { project: props.encryptionKey.keyring.project, topic: this.resource.name, role, member, condition }),
    };
    applyIam(props, this.iamFactory);
    libraryMade(this);
  }

  /** Publish messages (`roles/pubsub.publisher`). */
  public grantPublish(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/pubsub.publisher', grantee);
  }
}
