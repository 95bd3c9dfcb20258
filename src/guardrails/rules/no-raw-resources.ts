import { COMPLIANT, GuardrailRule, nonCompliant } from '../rule';

export const noRawResources: GuardrailRule = {
  id: 'VMC-RAW-1',
  description: "Stacks compose the library's constructs; a raw provider resource bypasses their secure defaults.",
  control: 'Reviewed building blocks only',
  check(node) {
    return node.fromLibrary
      ? COMPLIANT
      : nonCompliant(`${node.type} was added outside the library's constructs`, 'use (or write) a construct for it, or waive VMC-RAW-1 with a reason');
  },
};
