/** One DevTools Protocol connection: commands with replies, events by name (flattened sessions: every message may carry a sessionId). */

type Listener = (params: unknown, sessionId: string | undefined) => void;

interface Reply {
  id: number;
  result?: unknown;
  error?: { message: string };
}

export class CdpConnection {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => this.receive(String(event.data)));
    socket.addEventListener('close', () => {
      for (const { reject, method } of this.pending.values()) reject(new Error(`DevTools connection closed during ${method}`));
      this.pending.clear();
    });
  }

  private receive(text: string) {
    const message = JSON.parse(text) as Reply & { method?: string; params?: unknown; sessionId?: string };
    if (message.method) {
      for (const listener of this.listeners.get(message.method) ?? []) listener(message.params, message.sessionId);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
    else waiting.resolve(message.result ?? {});
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(method: string, listener: Listener): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }
}
