import { describe, expect, it } from 'vitest';
import { addressPolicyFor, checkAddress, nonPublicKind } from '../../electron/main/services/api/address-policy';
import { downloadPermission } from '../../electron/main/services/api/download';

/** Pure checks: no resolver, no socket. Nothing here sends a byte anywhere. */

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '104.16.0.1',
  '172.15.255.255', // just below 172.16/12
  '172.32.0.0', // just above it
  '100.63.255.255', // just below 100.64/10
  '2606:4700:4700::1111',
  '2a00:1450:4001:81b::200e',
  '::ffff:8.8.8.8', // IPv4-mapped public
  '64:ff9b::808:808', // NAT64 of 8.8.8.8 (IPv6-only networks reach IPv4 hosts this way)
  '64:ff9b::8.8.8.8',
];

const NOT_PUBLIC: Array<[address: string, kind: string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
  ['0.0.0.0', 'unspecified, "this network"'],
  ['::', 'unspecified, "this network"'],
  ['10.0.0.1', 'private-network'],
  ['172.16.0.1', 'private-network'],
  ['172.31.255.255', 'private-network'],
  ['192.168.1.1', 'private-network'],
  ['100.64.0.1', 'private-network'],
  ['fd00::1', 'private-network'],
  ['fc00::1', 'private-network'],
  ['fec0::1', 'private-network'],
  ['::ffff:10.0.0.1', 'private-network'],
  ['64:ff9b:1::a00:1', 'private-network'],
  ['169.254.169.254', 'link-local, where cloud metadata services live'],
  ['fe80::1', 'link-local, where cloud metadata services live'],
  ['fe80::1%eth0', 'link-local, where cloud metadata services live'],
  ['::ffff:169.254.169.254', 'link-local, where cloud metadata services live'],
  ['64:ff9b::a9fe:a9fe', 'link-local, where cloud metadata services live'], // NAT64 of 169.254.169.254
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['224.0.0.1', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['2001::1', 'reserved'], // Teredo
  ['2002:7f00:1::1', 'reserved'], // 6to4 of 127.0.0.1
  ['::127.0.0.1', 'reserved'], // IPv4-compatible, deprecated
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'], // outside global unicast
  ['not-an-ip', 'not an IP address'],
];

describe('address classification (IANA special-purpose registries, net.BlockList)', () => {
  it('finds public addresses public', () => {
    for (const address of PUBLIC) expect(nonPublicKind(address), address).toBeNull();
  });

  it('names the kind of every non-public address', () => {
    for (const [address, kind] of NOT_PUBLIC) expect(nonPublicKind(address), address).toBe(kind);
  });

  it('allows loopback, and only loopback, when the policy says so', () => {
    const local = { allowLoopback: true };
    expect(checkAddress('127.0.0.1', local)).toEqual({ allowed: true });
    expect(checkAddress('::1', local)).toEqual({ allowed: true });
    expect(checkAddress('10.0.0.1', local)).toEqual({ allowed: false, kind: 'private-network' });
    expect(checkAddress('169.254.169.254', local)).toMatchObject({ allowed: false });
    expect(checkAddress('127.0.0.1', { allowLoopback: false })).toEqual({ allowed: false, kind: 'loopback' });
  });
});

describe('the policy follows the configured API address', () => {
  it('allows loopback only for an API on this machine', () => {
    for (const base of ['http://127.0.0.1:8787/v1', 'http://localhost:8787/v1', 'http://[::1]:8787/v1', 'https://127.0.0.2/v1', 'http://dev.localhost:1/v1']) {
      expect(addressPolicyFor(base), base).toEqual({ allowLoopback: true });
    }
    for (const base of ['https://api.aimlapi.com/v1', 'https://10.0.0.5/v1', 'https://localhost.example.com/v1', 'not a url', '']) {
      expect(addressPolicyFor(base), base).toEqual({ allowLoopback: false });
    }
  });
});

describe('downloadPermission: judged from the URL alone, before any lookup or connection', () => {
  const publicApi = 'https://api.aimlapi.com/v1';
  const localApi = 'http://127.0.0.1:8787/v1';

  it('refuses every spelling of a loopback, private or metadata address', () => {
    const refused = [
      'https://127.0.0.1/x.png',
      'https://2130706433/x.png', // decimal 127.0.0.1
      'https://0x7f000001/x.png', // hex
      'https://0177.0.0.1/x.png', // octal
      'https://0x7f.1/x.png',
      'https://127.1/x.png',
      'https://0/x.png', // 0.0.0.0
      'https://[::1]/x.png',
      'https://[::ffff:127.0.0.1]/x.png',
      'https://[0:0:0:0:0:ffff:7f00:1]/x.png',
      'https://[::]/x.png',
      'https://10.0.0.1/x.png',
      'https://012.0.0.1/x.png', // octal 10.0.0.1
      'https://192.168.0.1/x.png',
      'https://3232235521/x.png', // decimal 192.168.0.1
      'https://172.16.5.4/x.png',
      'https://169.254.169.254/latest/meta-data/',
      'https://0xa9fea9fe/latest/meta-data/', // hex 169.254.169.254
      'https://[fe80::1]/x.png',
      'https://[fd00::1]/x.png',
      'https://[64:ff9b::a9fe:a9fe]/x.png',
      'https://100.64.0.1/x.png',
      'https://224.0.0.1/x.png',
    ];
    for (const url of refused) {
      const verdict = downloadPermission(url, publicApi);
      expect(verdict, url).toMatchObject({ allowed: false, reason: expect.stringMatching(/is not a public address \(.+\)$/) });
    }
  });

  it('lets loopback through only for an API on this machine, and private addresses never', () => {
    expect(downloadPermission('https://127.0.0.1:9443/x.png', localApi).allowed).toBe(true);
    expect(downloadPermission('https://[::1]:9443/x.png', localApi).allowed).toBe(true);
    expect(downloadPermission('http://127.0.0.1:8787/files/x.png', localApi).allowed).toBe(true);
    expect(downloadPermission('https://10.0.0.1/x.png', localApi).allowed).toBe(false);
    expect(downloadPermission('https://169.254.169.254/x.png', localApi).allowed).toBe(false);
    expect(downloadPermission('https://127.0.0.1:9443/x.png', publicApi).allowed).toBe(false);
  });

  it('keeps the older rules: https, or http on the API origin only; no file:, data: or credentials', () => {
    expect(downloadPermission('https://cdn.aimlapi.com/generations/x.png', publicApi).allowed).toBe(true);
    expect(downloadPermission('https://8.8.8.8/x.png', publicApi).allowed).toBe(true);
    for (const url of [
      'http://cdn.aimlapi.com/x.png',
      'http://10.0.0.1/x.png',
      'http://127.0.0.1:8788/files/x.png',
      'file:///etc/passwd',
      'data:image/png;base64,iVBORw0KGgo=',
      'https://user:pass@cdn.aimlapi.com/x.png',
      'not a url',
    ]) {
      expect(downloadPermission(url, localApi), url).toMatchObject({ allowed: false });
    }
  });
});
