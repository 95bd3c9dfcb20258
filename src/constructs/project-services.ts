import { Construct } from 'constructs';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';

export interface ProjectServicesProps {
  readonly project: string;
  /** APIs to enable, e.g. `aiplatform.googleapis.com`. */
  readonly services: readonly string[];
}

/**
 * Enables exactly the APIs the platform uses. Destroying the stack leaves them on: turning an
 * API off breaks anything else in the project that relies on it.
 */
export class ProjectServices extends PlatformConstruct {
  public readonly services: ProjectService[];

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    const seen = new Set<string>();
    this.services = props.services.map((service) => {
      if (!/^[a-z0-9-]+\.googleapis\.com$/.test(service)) {
        throw new Error(`ProjectServices '${this.node.path}': '${service}' is not an API name; write it like 'aiplatform.googleapis.com'`);
      }
      if (seen.has(service)) throw new Error(`ProjectServices '${this.node.path}': '${service}' is listed twice in services; remove the duplicate`);
      seen.add(service);
      return new ProjectService(this, service.split('.')[0], {
        project: props.project,
        service,
        disableOnDestroy: false,
        disableDependentServices: false,
      });
    });
    libraryMade(this);
  }
}
