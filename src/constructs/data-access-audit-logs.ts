import { Construct } from 'constructs';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';

/**
 * The services that hold the platform's data: who read or wrote an object, a table, a secret, a
 * model or a key is only recorded when their data-access audit logs are on (they are off by
 * default, except BigQuery's).
 */
export const DATA_SERVICES = [
  'aiplatform.googleapis.com',
  'artifactregistry.googleapis.com',
  'bigquery.googleapis.com',
  'cloudkms.googleapis.com',
  'pubsub.googleapis.com',
  'secretmanager.googleapis.com',
  'storage.googleapis.com',
] as const;

export interface DataAccessAuditLogsProps {
  readonly project: string;
  /** @default DATA_SERVICES */
  readonly services?: readonly string[];
}

/** Turns on data-access audit logs (ADMIN_READ, DATA_READ, DATA_WRITE) for the data-holding services. */
export class DataAccessAuditLogs extends PlatformConstruct {
  public readonly configs: ProjectIamAuditConfig[];

  constructor(scope: Construct, id: string, props: DataAccessAuditLogsProps) {
    super(scope, id);
    const services = props.services ?? DATA_SERVICES;
    const seen = new Set<string>();
    this.configs = services.map((service) => {
      if (!/^[a-z0-9-]+\.googleapis\.com$/.test(service)) {
        throw new Error(`DataAccessAuditLogs '${this.node.path}': '${service}' is not an API name; write it like 'storage.googleapis.com'`);
      }
      if (seen.has(service)) throw new Error(`DataAccessAuditLogs '${this.node.path}': '${service}' is listed twice in services; remove the duplicate`);
      seen.add(service);
      return new ProjectIamAuditConfig(this, service.split('.')[0], {
        project: props.project,
        service,
        auditLogConfig: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }],
      });
    });
    libraryMade(this);
  }
}
