import { describe, expect, it } from 'vitest';
import { MEDIA_BASE } from '../../electron/shared/contract';
import { parseMediaUrl } from '../../electron/main/protocol/media-url';

const ID = '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c';

describe('parseMediaUrl', () => {
  it('reads variant and id from the contract’s media URLs', () => {
    expect(parseMediaUrl(`${MEDIA_BASE}/thumb/${ID}`)).toEqual({ variant: 'thumb', id: ID });
    expect(parseMediaUrl(`${MEDIA_BASE}/original/${ID}`)).toEqual({ variant: 'original', id: ID });
    expect(parseMediaUrl(`reverie-media://library/original/${ID}`)).toEqual({ variant: 'original', id: ID });
  });

  it.each([
    ['another scheme', `app://library/thumb/${ID}`],
    ['file URL', `file:///library/thumb/${ID}`],
    ['http', `http://library/thumb/${ID}`],
    ['another host', `reverie-media://librarian/thumb/${ID}`],
    ['no host', `reverie-media:///thumb/${ID}`],
    ['a port', `reverie-media://library:8080/thumb/${ID}`],
    ['credentials', `reverie-media://user:pw@library/thumb/${ID}`],
    ['a query', `reverie-media://library/thumb/${ID}?size=big`],
    ['a fragment', `reverie-media://library/thumb/${ID}#x`],
  ])('refuses %s', (_label, url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });

  it.each([
    ['unknown variant', `${MEDIA_BASE}/full/${ID}`],
    ['variant in another case', `${MEDIA_BASE}/THUMB/${ID}`],
    ['missing id', `${MEDIA_BASE}/thumb`],
    ['empty id', `${MEDIA_BASE}/thumb/`],
    ['extra segment', `${MEDIA_BASE}/thumb/${ID}/x`],
    ['trailing slash', `${MEDIA_BASE}/thumb/${ID}/`],
    ['double slash', `${MEDIA_BASE}//thumb/${ID}`],
    ['id that is not a uuid', `${MEDIA_BASE}/thumb/12345`],
    ['id with a file extension', `${MEDIA_BASE}/thumb/${ID}.png`],
    ['a file name', `${MEDIA_BASE}/original/3f2b8c1e9a4d.png`],
  ])('refuses a %s', (_label, url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });

  it.each([
    ['a traversal', `${MEDIA_BASE}/thumb/../../../etc/passwd`],
    ['an encoded traversal', `${MEDIA_BASE}/thumb/..%2F..%2Fetc%2Fpasswd`],
    ['an encoded absolute path', `${MEDIA_BASE}/original/%2Fetc%2Fpasswd`],
    ['a Windows path', `${MEDIA_BASE}/original/C:%5CWindows%5Cwin.ini`],
    ['a NUL byte', `${MEDIA_BASE}/thumb/${ID}%00`],
    ['a path in place of the variant', `${MEDIA_BASE}/..%2Foriginal/${ID}`],
  ])('never accepts a path: refuses %s', (_label, url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });

  it.each(['', 'not a url', 'reverie-media:', '//library/thumb/x', `${ID}`])('refuses non-URLs: %j', (value) => {
    expect(parseMediaUrl(value)).toBeNull();
  });
});
