import { BlockList, isIP } from 'node:net';

/**
 * Which network addresses an image download may connect to. Image links come from the API's answer,
 * so a hostile or broken answer must not turn Reverie into a probe of the user's own machine or
 * network (SSRF): the cloud metadata service, a router's admin page, a local dev server.
 * Only public addresses are allowed; loopback too when the API itself is on this machine (a local
 * proxy, development, tests). The check runs on resolved addresses, never on names.
 */
export interface AddressPolicy {
  allowLoopback: boolean;
}

export type AddressVerdict = { allowed: true } | { allowed: false; kind: string };

type Range = readonly [network: string, prefix: number];

/**
 * Every non-public range, named for the message. From IANA's IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and updates), keeping only the ranges that are not globally reachable, plus
 * multicast and the reserved 240/4. Node's BlockList is built in and matches an IPv4-mapped IPv6
 * address (::ffff:a.b.c.d) against the IPv4 rules.
 */
const NON_PUBLIC: ReadonlyArray<readonly [kind: string, v4: readonly Range[], v6: readonly Range[]]> = [
  ['loopback', [['127.0.0.0', 8]], [['::1', 128]]],
  ['unspecified, "this network"', [['0.0.0.0', 8]], [['::', 128]]],
  [
    'private-network',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['100.64.0.0', 10], // carrier-grade NAT, shared address space (RFC 6598)
    ],
    [
      ['fc00::', 7], // unique local (RFC 4193)
      ['fec0::', 10], // site-local, deprecated but still routed inside some networks
      ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
    ],
  ],
  ['link-local, where cloud metadata services live', [['169.254.0.0', 16]], [['fe80::', 10]]],
  ['multicast', [['224.0.0.0', 4]], [['ff00::', 8]]],
  [
    'reserved',
    [
      ['192.0.0.0', 24], // IETF protocol assignments
      ['192.0.2.0', 24], // documentation
      ['198.51.100.0', 24], // documentation
      ['203.0.113.0', 24], // documentation
      ['192.88.99.0', 24], // 6to4 relay anycast, deprecated
      ['198.18.0.0', 15], // benchmarking
      ['240.0.0.0', 4], // reserved, with 255.255.255.255 (broadcast)
    ],
    [
      ['::', 96], // IPv4-compatible, deprecated (::1 and :: are named above)
      ['100::', 64], // discard-only
      ['2001::', 23], // IETF protocol assignments (Teredo among them)
      ['2001:db8::', 32], // documentation
      ['2002::', 16], // 6to4: tunnels to any IPv4 address, private ones included
      ['3fff::', 20], // documentation (RFC 9637)
      ['5f00::', 16], // SRv6 segment identifiers
    ],
  ],
];

const RANGES = NON_PUBLIC.map(([kind, v4, v6]) => {
  const list = new BlockList();
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return { kind, list };
});

/** NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits: IPv6-only networks reach every IPv4 host this way. */
const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/** Global unicast: the only IPv6 block handed out for the public internet. */
const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet('2000::', 3, 'ipv6');

/** The IPv4 address in the last 32 bits of an IPv6 address, from its text form (zone already removed). */
function lastIpv4Of(ipv6: string): string | null {
  const halves = ipv6.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  let tail = groupsOf(halves.length === 2 ? halves[1] : halves[0]);
  const dotted = tail.at(-1);
  if (dotted?.includes('.')) return isIP(dotted) === 4 ? dotted : null;
  if (halves.length === 1 && tail.length !== 8) return null;
  // Groups missing from the tail are zeros from the "::".
  tail = [...Array<string>(Math.max(0, 2 - tail.length)).fill('0'), ...tail];
  const [high, low] = tail.slice(-2).map((group) => Number.parseInt(group, 16));
  if (high === undefined || low === undefined || Number.isNaN(high) || Number.isNaN(low)) return null;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** What kind of address this is: null for a public one, or the kind of non-public range it is in. */
export function nonPublicKind(address: string): string | null {
  // A zone (fe80::1%eth0) names an interface, not a different address.
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { kind, list } of RANGES) if (list.check(bare, type)) return kind;
  if (family === 6) {
    if (NAT64.check(bare, 'ipv6')) {
      const embedded = lastIpv4Of(bare);
      return embedded === null ? 'reserved' : nonPublicKind(embedded);
    }
    // IPv4-mapped addresses were matched against the IPv4 rules above; anything else outside
    // 2000::/3 is unassigned.
    if (!bare.toLowerCase().startsWith('::ffff:') && !GLOBAL_UNICAST_V6.check(bare, 'ipv6')) return 'reserved';
  }
  return null;
}

export function checkAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const kind = nonPublicKind(address);
  if (kind === null || (kind === 'loopback' && policy.allowLoopback)) return { allowed: true };
  return { allowed: false, kind };
}

/** The IP address a URL's host spells, or null for a name. WHATWG URL has already turned 0x7f.1, 2130706433 and 0177.0.0.1 into 127.0.0.1. */
export function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}

/**
 * Loopback is reachable only when the configured API address is itself on this machine: then
 * its image links point here too. A name other than `localhost` is not trusted as loopback here,
 * since what it resolves to can change.
 */
export function addressPolicyFor(baseUrl: string): AddressPolicy {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { allowLoopback: false };
  }
  const literal = ipLiteralOf(url);
  const host = url.hostname.toLowerCase();
  const isLoopback = literal !== null ? nonPublicKind(literal) === 'loopback' : host === 'localhost' || host.endsWith('.localhost');
  return { allowLoopback: isLoopback };
}
