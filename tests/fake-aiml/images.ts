import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { ASPECT_RATIO_PIXELS, type AspectRatio } from '../../electron/shared/domain';
import type { ImageFormat } from './validation';

const RGB_CHANNELS = 3;

export const IMAGE_CONTENT_TYPES: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/**
 * An 8-bit RGB image of the size the real API returns for `ratio`, PNG unless `format` says
 * otherwise. A cheap gradient keeps encoding fast; the first row carries the sequence number and
 * random bytes so that no two images share a content hash, which is what the image store keys on.
 */
export async function renderGeneratedImage(ratio: AspectRatio, sequence: number, format: ImageFormat = 'png'): Promise<Buffer> {
  const { width, height } = ASPECT_RATIO_PIXELS[ratio];
  const pixels = Buffer.alloc(width * height * RGB_CHANNELS);
  const tint = (sequence * 47) % 256;
  for (let y = 0; y < height; y += 1) {
    const rowStart = y * width * RGB_CHANNELS;
    const green = Math.floor((y / height) * 255);
    for (let x = 0; x < width; x += 1) {
      const at = rowStart + x * RGB_CHANNELS;
      pixels[at] = Math.floor((x / width) * 255);
      pixels[at + 1] = green;
      pixels[at + 2] = tint;
    }
  }
  const marker = Buffer.concat([Buffer.from(`${sequence}:`), randomBytes(32)]);
  marker.copy(pixels, 0, 0, Math.min(marker.length, width * RGB_CHANNELS));

  const image = sharp(pixels, { raw: { width, height, channels: RGB_CHANNELS } });
  if (format === 'jpeg') return image.jpeg({ quality: 90 }).toBuffer();
  if (format === 'webp') return image.webp({ quality: 90, effort: 0 }).toBuffer();
  return image.png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const FILLER_CHUNK = Buffer.alloc(64 * 1024);

/**
 * A body of `totalBytes` that starts like a PNG, produced chunk by chunk under backpressure so a
 * 64 MiB answer never sits in memory. `onProduced` reports how far the producer got, which tells a
 * test whether the client stopped reading early.
 */
export function oversizedPngStream(totalBytes: number, onProduced: (bytes: number) => void): Readable {
  function* chunks(): Generator<Buffer> {
    let produced = 0;
    while (produced < totalBytes) {
      const source = produced === 0 ? Buffer.concat([PNG_SIGNATURE, FILLER_CHUNK]) : FILLER_CHUNK;
      const chunk = source.subarray(0, Math.min(source.length, totalBytes - produced));
      produced += chunk.length;
      onProduced(produced);
      yield chunk;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** What a CDN error page or a captive portal hands back instead of an image. */
export const NOT_AN_IMAGE_HTML = Buffer.from('<!DOCTYPE html><html><head><title>Access denied</title></head><body><h1>Access denied</h1></body></html>');

/** A gateway error page, as nginx and CDNs serve them in front of the API. */
export const GATEWAY_HTML = Buffer.from(
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
);
