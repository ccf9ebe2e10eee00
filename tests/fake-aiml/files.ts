import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendEnvelope } from './envelope';
import { NOT_AN_IMAGE_HTML, oversizedPngStream } from './images';

/**
 * How one GET of a file goes wrong before the file is served normally: a passing 503 (with
 * `Retry-After` when given), or the connection dropped halfway through the body.
 */
export type DownloadFault = { kind: '503'; retryAfterSeconds: number | null } | { kind: 'drop' };

/** What the fake's "CDN" serves under `/files/<name>`. */
export type StoredFile =
  | { kind: 'image'; bytes: Buffer; contentType: string; faults: DownloadFault[] }
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

  /** A CDN-like name: `<epoch-ms>-<uuid>.<extension>`. */
  add(file: StoredFile, extension = 'png'): string {
    const name = `${Date.now()}-${randomUUID()}.${extension}`;
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

/** Sends half the body, then destroys the socket: what a client sees when a connection breaks mid-download. */
function dropHalfway(res: ServerResponse, bytes: Buffer, contentType: string, record: RecordedDownload): void {
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) });
  record.bytesSent = half.length;
  res.write(half, () => res.destroy());
}

/** Serves one stored file and keeps `record` up to date while the body goes out. */
export async function serveFile(res: ServerResponse, file: StoredFile, record: RecordedDownload): Promise<void> {
  res.on('close', () => {
    if (record.outcome === 'pending') record.outcome = res.writableFinished ? 'complete' : 'aborted';
  });

  if (file.kind === 'image') {
    const fault = file.faults.shift();
    if (fault?.kind === '503') {
      record.status = 503;
      const headers: Record<string, string> = fault.retryAfterSeconds === null ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      sendEnvelope(res, 503, record.path, 'Service Unavailable', {}, headers);
      return;
    }
    if (fault?.kind === 'drop') return dropHalfway(res, file.bytes, file.contentType, record);
  }

  if (file.kind === 'image' || file.kind === 'not-image') {
    const bytes = file.kind === 'image' ? file.bytes : NOT_AN_IMAGE_HTML;
    const contentType = file.kind === 'image' ? file.contentType : 'text/html; charset=utf-8';
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
