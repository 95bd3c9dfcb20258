import { COMPLIANT, dig, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

/**
 * A notebook VM is a person's shell next to the platform's data: it gets no public address
 * (Google APIs through Private Google Access), boots only verified software (shielded VM) and
 * stops when nobody uses it, so a forgotten instance is neither reachable nor running.
 */
export const privateNotebooks: GuardrailRule = {
  id: 'VMC-NET-2',
  description: 'Workbench instances have no public IP, a shielded VM (secure boot, vTPM, integrity monitoring) and an idle shutdown.',
  control: 'Network exposure and host integrity of interactive compute',
  check(node) {
    if (node.type !== 'google_workbench_instance') return NOT_APPLICABLE;
    const problems: string[] = [];
    if (dig(node.config, 'gce_setup', 'disable_public_ip') !== true) problems.push('it has a public IP (gce_setup.disable_public_ip is not true)');
    for (const flag of ['enable_secure_boot', 'enable_vtpm', 'enable_integrity_monitoring']) {
      if (dig(node.config, 'gce_setup', 'shielded_instance_config', flag) !== true) problems.push(`shielded_instance_config.${flag} is not true`);
    }
    const metadata = dig(node.config, 'gce_setup', 'metadata') as Record<string, unknown> | undefined;
    if (!metadata?.['idle-timeout-seconds']) problems.push("it never shuts down when idle (no 'idle-timeout-seconds' metadata)");
    return problems.length === 0
      ? COMPLIANT
      : nonCompliant(problems.join('; '), 'use WorkbenchInstance, which sets all three, and remove the override that changed them');
  },
};
