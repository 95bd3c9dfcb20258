import { IConstruct } from 'constructs';
import { TerraformElement } from 'cdktf';

// Which Terraform elements the library's own code created. Position in the construct tree proves
// nothing: a team's subclass of a library construct, or a raw resource added under one, sits where
// the library's own resources sit. So the library marks what it made, at the end of each
// constructor and in each method that adds resources, and the guardrails ask this registry.
// Deliberately not exported from the package index, so a stack cannot mark its own resources.
const LIBRARY_MADE = new WeakSet<IConstruct>();
const PRIVILEGED = new WeakMap<IConstruct, string>();

/**
 * Marks every Terraform element under `scope` that exists now (and `scope` itself when it is one)
 * as made by the library. Call at the end of a library constructor or resource-adding method;
 * returns `scope`, so a method can `return libraryMade(new X(...))`.
 */
export function libraryMade<T extends IConstruct>(scope: T): T {
  for (const c of scope.node.findAll()) {
    if (TerraformElement.isTerraformElement(c)) LIBRARY_MADE.add(c);
  }
  return scope;
}

/** True when the library's own code created `element` (see `libraryMade`). */
export function isLibraryMade(element: IConstruct): boolean {
  return LIBRARY_MADE.has(element);
}

/**
 * Marks the IAM resources under `scope` as the platform deployer's documented privileged path
 * (docs/security.md), which the escalation rule lets through. `why` says what the grant is for.
 */
export function privilegedPath<T extends IConstruct>(scope: T, why: string): T {
  for (const c of scope.node.findAll()) {
    if (TerraformElement.isTerraformElement(c)) PRIVILEGED.set(c, why);
  }
  return scope;
}

/** The documented reason when `element` is on the deployer's privileged path, else undefined. */
export function privilegedReason(element: IConstruct): string | undefined {
  return PRIVILEGED.get(element);
}
