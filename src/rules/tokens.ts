import { Token } from 'cdktf';

/**
 * True when `value` is only known at apply (an attribute of another resource). Rules skip such
 * values: they can neither pass nor fail what they cannot see, and a token is never rejected.
 */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}
