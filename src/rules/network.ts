import { isUnresolved } from './tokens';

const PRIVATE_BLOCKS: readonly (readonly [base: number, bits: number])[] = [
  [ipv4(10, 0, 0, 0), 8],
  [ipv4(172, 16, 0, 0), 12],
  [ipv4(192, 168, 0, 0), 16],
];

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

/**
 * Why `cidr` is not an RFC 1918 block of `minPrefix` to `maxPrefix` bits, or undefined. The
 * platform's subnets carry workers without public addresses, so their ranges stay private.
 */
export function privateCidrProblem(cidr: string, minPrefix = 8, maxPrefix = 29): string | undefined {
  if (isUnresolved(cidr)) return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const example = "'10.20.0.0/24'";
  if (!m) return `'${cidr}' is not an IPv4 CIDR block; write it like ${example}`;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255)) return `'${cidr}' has an octet above 255; write it like ${example}`;
  if (bits < minPrefix || bits > maxPrefix) return `'${cidr}' is a /${bits}; use a prefix length from /${minPrefix} to /${maxPrefix}`;
  const address = ipv4(octets[0], octets[1], octets[2], octets[3]);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  if (((address & mask) >>> 0) !== address) {
    return `'${cidr}' has host bits set; the block starts at ${[24, 16, 8, 0].map((s) => ((address & mask) >>> s) & 255).join('.')}/${bits}`;
  }
  const inside = PRIVATE_BLOCKS.some(([base, b]) => bits >= b && ((address & ((0xffffffff << (32 - b)) >>> 0)) >>> 0) === base);
  return inside ? undefined : `'${cidr}' is not private address space; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`;
}
