import { Construct, IConstruct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamBinding } from '@cdktf/provider-google/lib/pubsub-topic-iam-binding';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { Grantee, IamProps, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { ICmekKey } from './cmek-key';

/** The roles `EncryptedTopic` grants on one topic; a project-level grant of them is refused. */
export const TOPIC_ROLES = {
  /** `grantPublish` */
  publisher: 'roles/pubsub.publisher',
} as const;

/** A Pub/Sub topic, created here or elsewhere (`EncryptedTopic.fromTopicName`). */
export interface ITopic extends IConstruct {
  /** `projects/<project>/topics/<name>` */
  readonly topicId: string;
  /** The short name. */
  readonly topicName: string;
  readonly project: string;
  /** Publish messages (`roles/pubsub.publisher`). */
  grantPublish(grantee: Grantee): TerraformResource;
}

export interface EncryptedTopicProps extends IamProps {
  /** The project the topic is created in. */
  readonly project: string;
  /** The project's number: its Pub/Sub service agent is granted on the key. */
  readonly projectNumber: string;
  readonly name: string;
  /** A `pubsub` class key. */
  readonly encryptionKey: ICmekKey;
  /** Regions where Pub/Sub may store messages; EU only. @default - the key's location */
  readonly allowedPersistenceRegions?: readonly string[];
  /** @default - Pub/Sub's default (messages are kept until acknowledged, up to 7 days) */
  readonly messageRetentionDuration?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

abstract class TopicBase extends PlatformConstruct implements ITopic {
  public abstract readonly topicId: string;
  public abstract readonly topicName: string;
  public abstract readonly project: string;
  protected readonly iam: ResourceIam;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) => new PubsubTopicIamBinding(this, iid, { project: this.project, topic: this.topicName, role, members, condition }),
      member: (iid, role, member, condition) => new PubsubTopicIamMember(this, iid, { project: this.project, topic: this.topicName, role, member, condition }),
    });
    libraryMade(this);
  }

  public grantPublish(grantee: Grantee): TerraformResource {
    return this.iam.grant(TOPIC_ROLES.publisher, grantee);
  }
}

/** A Pub/Sub topic on a customer-managed key whose messages are stored in the EU only. */
export class EncryptedTopic extends TopicBase {
  /** A topic that already exists. It creates nothing; grants work on it. */
  public static fromTopicName(scope: Construct, id: string, topicId: string): ITopic {
    const m = /^projects\/([^/]+)\/topics\/([^/]+)$/.exec(topicId);
    if (!m) throw new Error(`EncryptedTopic.fromTopicName '${id}': '${topicId}' is not a topic name; write it as 'projects/<project>/topics/<name>'`);
    return new ImportedTopic(scope, id, topicId, m[2], m[1]);
  }

  public readonly resource: PubsubTopic;
  public readonly topicId: string;
  public readonly topicName: string;
  public readonly project: string;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps) {
    super(scope, id);
    const who = `EncryptedTopic '${this.node.path}'`;
    props.encryptionKey.assertUsableFor('pubsub', undefined, `${who} encryptionKey`);
    const regions = props.allowedPersistenceRegions ?? [props.encryptionKey.location];
    for (const r of regions) assertEuRegion(r, `${who}: allowedPersistenceRegions entry`);
    if (regions.length === 0) throw new Error(`${who}: allowedPersistenceRegions is empty; name at least one EU region`);
    this.project = props.project;
    this.resource = new PubsubTopic(this, 'Resource', {
      project: props.project,
      name: props.name,
      kmsKeyName: props.encryptionKey.keyName,
      messageStoragePolicy: { allowedPersistenceRegions: [...regions], enforceInTransit: true },
      messageRetentionDuration: props.messageRetentionDuration,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: props.encryptionKey.useFor(this, props.projectNumber),
    });
    this.topicId = this.resource.id;
    this.topicName = this.resource.name;
    this.iam.apply(props);
    libraryMade(this);
  }
}

class ImportedTopic extends TopicBase {
  constructor(scope: Construct, id: string, public readonly topicId: string, public readonly topicName: string, public readonly project: string) {
    super(scope, id);
    libraryMade(this);
  }
}
