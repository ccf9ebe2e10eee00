import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { NOT_AN_IMAGE_HTML, oversizedPngStream } from './images';

/** What the fake's "CDN" serves under `/files/<name>`. */
export type StoredFile =
  | { kind: 'png'; bytes: Buffer }
  | { kind: 'not-image' }
  | { kind: 'oversized'; totalBytes: number; declareLength: boolean };

export interface RecordedDownload {
  path: string;
  status: number;
  /** Bytes the fake produced for the body; for streamed bodies, how far it got before the client left. */
  bytesSent: number;
  outcome: 'pending' | 'complete' | 'aborted';
}

/**
 * Keeps generated files in memory, as the CDN keeps them after a generation. Only the newest files
 * are kept so a long hand-run of `npm run fake-api` does not grow without bound.
 */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  constructor(private readonly capacity = 200) {}

  /** A CDN-like name: `<epoch-ms>-<uuid>.png`. */
  add(file: StoredFile): string {
    const name = `${Date.now()}-${randomUUID()}.png`;
    this.files.set(name, file);
    if (this.files.size > this.capacity) {
      const oldest = this.files.keys().next().value;
      if (oldest !== undefined) this.files.delete(oldest);
    }
    return name;
  }

  get(name: string): StoredFile | undefined {
    return this.files.get(name);
  }

  clear(): void {
    this.files.clear();
  }
}

/** Serves one stored file and keeps `record` up to date while the body goes out. */
export async function serveFile(res: ServerResponse, file: StoredFile, record: RecordedDownload): Promise<void> {
  res.on('close', () => {
    if (record.outcome === 'pending') record.outcome = res.writableFinished ? 'complete' : 'aborted';
  });

  if (file.kind === 'png' || file.kind === 'not-image') {
    const bytes = file.kind === 'png' ? file.bytes : NOT_AN_IMAGE_HTML;
    const contentType = file.kind === 'png' ? 'image/png' : 'text/html; charset=utf-8';
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) });
    record.bytesSent = bytes.length;
    res.end(bytes);
    return;
  }

  const headers: Record<string, string> = { 'content-type': 'image/png' };
  if (file.declareLength) headers['content-length'] = String(file.totalBytes);
  res.writeHead(200, headers);
  const body = oversizedPngStream(file.totalBytes, (produced) => {
    record.bytesSent = produced;
  });
  try {
    await pipeline(body, res);
  } catch {
    // The client hanging up mid-body is the expected end of this download, not a fake failure.
  }
}
