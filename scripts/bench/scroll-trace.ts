import { readFile, writeFile } from 'node:fs/promises';
import type { CdpPage } from './cdp/cdp-page';
import { isEntryModule } from './entry';

/**
 * REVERIE_BENCH_TRACE=<file>: the scroll bench records a Chromium trace (CDP Tracing, the categories
 * DevTools' performance panel uses) and a CPU profile (CDP Profiler) of the app's scroll, and writes
 * them to <file>.trace.json and <file>.cpuprofile. Not part of a measured run: tracing costs the page
 * time of its own. `npx tsx scripts/bench/scroll-trace.ts <file>` then lists the longest main-thread
 * tasks and what ran in them (trace events by self time, JS functions by sampled self time).
 * No Playwright tracing: its snapshotter runs on the page's main thread (and cdp/cdp-browser.ts says why
 * the bench does not drive the page with Playwright at all).
 */

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'v8',
  'disabled-by-default-v8.gc',
  // Blink's own heap (DOM, styles, layout objects), collected together with V8's.
  'cppgc',
  'disabled-by-default-cppgc',
  'blink.user_timing',
  'toplevel',
  'loading',
];

export interface ScrollTrace {
  stop(): Promise<void>;
}

export async function startScrollTrace(cdp: CdpPage, file: string): Promise<ScrollTrace> {
  // The CPU profiler makes every full GC many times slower (V8 reports each moved code object to it):
  // only with REVERIE_BENCH_TRACE_JS=1, to see which functions ran, not to time the GCs.
  const sampling = process.env.REVERIE_BENCH_TRACE_JS === '1';
  if (sampling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  }
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReturnAsStream' });
  if (sampling) await cdp.send('Profiler.start');
  return {
    async stop() {
      const profile = sampling ? (await cdp.send<{ profile: unknown }>('Profiler.stop')).profile : { nodes: [], startTime: 0, samples: [], timeDeltas: [] };
      const done = new Promise<string>((resolve) => {
        const off = cdp.on('Tracing.tracingComplete', (event) => {
          off();
          resolve((event as { stream?: string }).stream ?? '');
        });
      });
      await cdp.send('Tracing.end');
      const stream = await done;
      const chunks: string[] = [];
      for (;;) {
        const { data, eof, base64Encoded } = await cdp.send<{ data: string; eof: boolean; base64Encoded?: boolean }>('IO.read', { handle: stream });
        chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
        if (eof) break;
      }
      await cdp.send('IO.close', { handle: stream });
      await writeFile(`${file}.trace.json`, chunks.join(''));
      await writeFile(`${file}.cpuprofile`, JSON.stringify(profile));
      console.error(`scroll bench: trace in ${file}.trace.json, CPU profile in ${file}.cpuprofile`);
    },
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event: on a loaded machine far less than `dur`, which counts time the thread waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; value?: Record<string, unknown> };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (µs, CPU time of the thread) of every complete event inside [start, end) of one thread, by name. */
function selfTimes(events: readonly TraceEvent[]): Map<string, number> {
  const self = new Map<string, number>();
  const stack: { event: TraceEvent; children: number }[] = [];
  const close = (entry: { event: TraceEvent; children: number }) => {
    const label =
      entry.event.name === 'FunctionCall' || entry.event.name === 'EventDispatch' || entry.event.name === 'TimerFire'
        ? `${entry.event.name}${entry.event.args?.data?.type ? `(${String(entry.event.args.data.type)})` : ''}`
        : entry.event.name;
    self.set(label, (self.get(label) ?? 0) + (entry.event.tdur ?? 0) - entry.children);
  };
  for (const event of events) {
    while (stack.length > 0 && event.ts >= stack[stack.length - 1]!.event.ts + (stack[stack.length - 1]!.event.dur ?? 0)) close(stack.pop()!);
    const parent = stack[stack.length - 1];
    if (parent) parent.children += event.tdur ?? 0;
    stack.push({ event, children: 0 });
  }
  while (stack.length > 0) close(stack.pop()!);
  return self;
}

/** Each CPU sample taken between `start` and `end` (profile clock, µs), with the time it stands for. */
function forEachSample(profile: CpuProfile, start: number, end: number, visit: (nodeId: number, delta: number) => void): void {
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index += 1) {
    time += profile.timeDeltas[index] ?? 0;
    if (time < start || time >= end) continue;
    visit(profile.samples[index]!, profile.timeDeltas[index + 1] ?? 0);
  }
}

const labelOf = (frame: CpuProfile['nodes'][number]['callFrame']) =>
  `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}`;

function sampledFunctions(profile: CpuProfile, start: number, end: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const out = new Map<string, number>();
  forEachSample(profile, start, end, (nodeId, delta) => {
    const frame = byId.get(nodeId)?.callFrame;
    if (!frame) return;
    const label = labelOf(frame);
    out.set(label, (out.get(label) ?? 0) + delta);
  });
  return out;
}

/** Inclusive sampled time per function (once per sample even when recursive), to see which app code a task was in. */
function sampledInclusive(profile: CpuProfile, start: number, end: number): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const out = new Map<string, number>();
  forEachSample(profile, start, end, (nodeId, delta) => {
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || !frame.url) continue;
      const label = labelOf(frame);
      if (seen.has(label)) continue;
      seen.add(label);
      out.set(label, (out.get(label) ?? 0) + delta);
    }
  });
  return out;
}

const top = (map: Map<string, number>, count: number, min = 1000) =>
  [...map.entries()]
    .filter(([, value]) => value >= min)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, value]) => `${(value / 1000).toFixed(1)}ms ${name}`);

export async function analyze(file: string, count = 10): Promise<void> {
  const trace = JSON.parse(await readFile(`${file}.trace.json`, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const profile = JSON.parse(await readFile(`${file}.cpuprofile`, 'utf8')) as CpuProfile;
  const main = events.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const thread = events
    .filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Outermost tasks only (RunTask nests ThreadControllerImpl::RunTask and sometimes itself).
  const tasks: TraceEvent[] = [];
  let taskEnd = -Infinity;
  for (const event of thread) {
    if (event.name !== 'RunTask' || event.ts < taskEnd) continue;
    tasks.push(event);
    taskEnd = event.ts + (event.dur ?? 0);
  }
  const long = tasks.filter((task) => (task.dur ?? 0) >= 50_000);
  const busy = tasks.filter((task) => (task.tdur ?? 0) >= 50_000);
  const ms = (us: number | undefined) => ((us ?? 0) / 1000).toFixed(0);
  console.log(`${long.length} tasks of ≥ 50 ms wall time on the page's main thread, ${busy.length} of ≥ 50 ms CPU time`);
  const total = new Map<string, number>();
  const ranked = [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
  ranked.forEach((task, rank) => {
    if ((task.tdur ?? 0) < 30_000) return;
    const end = task.ts + (task.dur ?? 0);
    const self = selfTimes(thread.filter((event) => event.ts >= task.ts && event.ts < end));
    for (const [name, value] of self) total.set(name, (total.get(name) ?? 0) + value);
    if (rank >= count) return;
    console.log(`\n#${rank + 1} ${ms(task.tdur)} ms CPU (${ms(task.dur)} ms wall) at +${((task.ts - (thread[0]?.ts ?? 0)) / 1e6).toFixed(1)} s`);
    console.log(`  by CPU self time: ${top(self, 8).join(' | ')}`);
    if (profile.samples.length > 0) {
      console.log(`  js self:    ${top(sampledFunctions(profile, task.ts, end), 8).join(' | ')}`);
      console.log(`  js incl:    ${top(sampledInclusive(profile, task.ts, end), 10).join(' | ')}`);
    }
  });
  console.log(`\nall tasks of ≥ 30 ms CPU, by CPU self time: ${top(total, 15).join(' | ')}`);
  // Why each full collection started: V8 reports the limit it reached (the global one counts Blink's heap and external memory).
  for (const event of thread) {
    if (event.name !== 'V8.GCIncrementalMarkingStart') continue;
    const value = event.args?.value ?? {};
    const mb = (key: string) => (Number(value[key] ?? 0) / 2 ** 20).toFixed(0);
    console.log(
      `full GC started at +${((event.ts - (thread[0]?.ts ?? 0)) / 1e6).toFixed(1)} s: ${String(value.reason ?? value.gc_reason)}; global ${mb('global_consumed_bytes')}/${mb('global_allocation_limit')} MB, V8 old generation ${mb('old_gen_consumed_bytes')}/${mb('old_gen_allocation_limit')} MB`,
    );
  }
}

if (isEntryModule(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: scroll-trace.ts <file prefix>');
  await analyze(file, Number(process.argv[3] ?? 10));
}
