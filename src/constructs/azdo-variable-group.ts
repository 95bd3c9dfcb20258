import { Construct } from 'constructs';
import { VariableGroup } from '../generated/azuredevops/variable-group';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { IAzdoProject } from './azdo-project';

/** Names that would hold a credential: variable groups here carry plain values only. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|(^|_)PAT($|_)|PRIVATE_KEY|CREDENTIALS?|API_KEY|CLIENT_KEY)/i;

export interface AzdoVariableGroupProps {
  readonly project: IAzdoProject;
  readonly name: string;
  readonly description?: string;
  /** UPPER_SNAKE_CASE names to plain values. Secrets are refused: there are none to keep. */
  readonly variables: Readonly<Record<string, string>>;
}

/**
 * A variable group of non-secret values the pipeline reads (project ids, identity provider
 * names, service-account e-mails). Not open to every pipeline: access is granted per pipeline
 * (AzdoPipeline.authorize).
 */
export class AzdoVariableGroup extends PlatformConstruct {
  public readonly resource: VariableGroup;
  /** The group's numeric id, as a string token. */
  public readonly variableGroupId: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AzdoVariableGroupProps) {
    super(scope, id);
    const who = `AzdoVariableGroup '${this.node.path}'`;
    const problems: string[] = [];
    const names = Object.keys(props.variables).sort();
    if (names.length === 0) problems.push('variables is empty; a variable group needs at least one variable');
    for (const name of names) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) problems.push(`variable '${name}' is not UPPER_SNAKE_CASE`);
      if (SECRET_NAME.test(name)) problems.push(`variable '${name}' looks like a credential; the pipeline is keyless (Workload Identity Federation), so keep no secret here`);
    }
    if (problems.length > 0) throw new Error(`${who}:\n  ${problems.join('\n  ')}`);
    this.name = props.name;
    this.resource = new VariableGroup(this, 'Resource', {
      projectId: props.project.projectId,
      name: props.name,
      description: props.description,
      allowAccess: false,
      variable: names.map((name) => ({ name, value: props.variables[name] })),
    });
    this.variableGroupId = this.resource.id;
    libraryMade(this);
  }
}
