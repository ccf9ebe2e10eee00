/**
 * An XMP packet put into a JPEG without decoding it: the entropy-coded image is copied byte for
 * byte, so "Original" stays the original picture and still carries the prompt. sharp cannot do
 * this (it writes metadata only while re-encoding, which for JPEG loses quality again).
 *
 * Layout from the XMP Specification Part 3 (Adobe, 2016), section 1.1.3 "JPEG": the packet sits in
 * an APP1 segment whose payload starts with the namespace `http://ns.adobe.com/xap/1.0/` and a NUL;
 * a packet larger than one segment goes to "extended XMP" segments, which Reverie does not write.
 */

const SOI = 0xd8;
const APP1 = 0xe1;
const XMP_NAMESPACE = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const EXTENDED_XMP_NAMESPACE = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
/** A segment's 2-byte length counts itself, so its payload is at most 65,533 bytes. */
const MAX_SEGMENT_PAYLOAD = 0xffff - 2;

/** APP0–APP15 and COM: the segments that may precede the tables and the frame. */
const isMetadataMarker = (marker: number) => (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;

/**
 * The JPEG with `xmp` as its only XMP packet, placed after the leading APPn/COM segments (so JFIF's
 * APP0 and the EXIF APP1 stay first); earlier XMP segments, standard or extended, are dropped so no
 * older description is left to disagree. Throws for a packet over one segment, or bytes that are not
 * a JPEG whose segments can be walked.
 */
export function withJpegXmp(jpeg: Uint8Array, xmp: string): Uint8Array {
  const bytes = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) throw new Error('The image is not a JPEG.');
  const payload = Buffer.concat([XMP_NAMESPACE, Buffer.from(xmp, 'utf8')]);
  if (payload.length > MAX_SEGMENT_PAYLOAD) throw new Error('The prompt is too long to embed in a JPEG (its XMP packet is over 64 KB).');

  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  for (;;) {
    if (offset + 4 > bytes.length || bytes[offset] !== 0xff) throw new Error('The JPEG has a damaged segment before its image data.');
    // Any number of 0xFF fill bytes may precede a marker (ITU T.81, B.1.1.2).
    let markerAt = offset + 1;
    while (bytes[markerAt] === 0xff && markerAt < bytes.length - 1) markerAt += 1;
    const marker = bytes[markerAt] as number;
    if (!isMetadataMarker(marker)) break;
    const length = bytes.readUInt16BE(markerAt + 1);
    const end = markerAt + 1 + length;
    if (length < 2 || end > bytes.length) throw new Error('The JPEG has a damaged segment before its image data.');
    const segmentPayload = bytes.subarray(markerAt + 3, end);
    const isXmp = marker === APP1 && (startsWith(segmentPayload, XMP_NAMESPACE) || startsWith(segmentPayload, EXTENDED_XMP_NAMESPACE));
    if (!isXmp) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  const header = Buffer.from([0xff, APP1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return new Uint8Array(Buffer.concat([...kept, header, payload, bytes.subarray(offset)]));
}

const startsWith = (data: Buffer, prefix: Buffer) => data.length >= prefix.length && data.subarray(0, prefix.length).equals(prefix);
