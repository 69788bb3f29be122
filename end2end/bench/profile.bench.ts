// Where the time goes (run by hand, not by `make bench`): a CPU profile of the board's
// hydration and of 20 remote edits on the 12 × 8 × 500 board, summed by function (self
// time), top 40 printed. Function names need a wasm with its name section (see
// docs/PERFORMANCE.md, "Profiling the wasm"). The raw profiles go to $TMPDIR/jornada-profile/.
//   JORNADA_PROFILE=1 npx playwright test -c bench.config.ts profile
import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { apply, bigBoard, load } from './lib';

type Node = { id: number; callFrame: { functionName: string; url: string }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Time per function, in ms, highest first: its own (`self`) or with what it calls. */
function top(p: Profile, kind: 'self' | 'total', n = 40): string {
  const nodes = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const nameOf = (node: Node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop() || ''}`;
  const byName = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    if (kind === 'self') {
      const name = nameOf(nodes.get(id)!);
      byName.set(name, (byName.get(name) ?? 0) + ms);
      return;
    }
    // Each function once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(nameOf(nodes.get(at)!));
    for (const name of seen) byName.set(name, (byName.get(name) ?? 0) + ms);
  });
  const total = p.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
}

/** Main-thread time by trace event (complete events on the renderer's main thread, each
 * counted without the events nested in it), highest first. */
function traceSummary(trace: any, n = 25): string {
  const events: any[] = trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const on = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const own = new Map<string, number>();
  const stack: any[] = [];
  for (const e of on) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) own.set(parent.name, (own.get(parent.name) ?? 0) - e.dur / 1000);
    own.set(e.name, (own.get(e.name) ?? 0) + e.dur / 1000);
    stack.push(e);
  }
  const byName = [...own.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`)
    .join('\n');
  // The timeline: each outermost event of 3 ms or more, from the navigation's start.
  const start = events.find((e) => e.name === 'navigationStart')?.ts ?? on[0]?.ts ?? 0;
  let end = 0;
  const timeline: string[] = [];
  for (const e of on) {
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    if (e.dur >= 3000) timeline.push(`${((e.ts - start) / 1000).toFixed(0).padStart(6)} ms +${(e.dur / 1000).toFixed(1)} ${e.name} ${e.args?.data?.functionName ?? e.args?.data?.url ?? ''}`);
  }
  return `${byName}\n-- timeline --\n${timeline.join('\n')}`;
}

test('profile the board', async ({ page, request, browser }) => {
  test.skip(!process.env.JORNADA_PROFILE, 'set JORNADA_PROFILE=1 to profile');
  const mapId = await bigBoard(request);
  const url = `/maps/${mapId}`;
  await page.goto(url);
  await page.waitForSelector('.app[data-hydrated="true"]', { timeout: 60_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });

  await cdp.send('Profiler.start');
  await page.goto(url);
  await page.waitForSelector('.app[data-hydrated="true"]', { timeout: 60_000 });
  const hydration = (await cdp.send('Profiler.stop')).profile as Profile;

  // The same load as a trace: where the main thread's time goes (parsing, style, layout,
  // compiling, running script).
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8', 'blink', 'loading', 'v8.wasm', 'disabled-by-default-devtools.timeline'] });
  await page.goto(url);
  await page.waitForSelector('.app[data-hydrated="true"]', { timeout: 60_000 });
  const traceText = (await browser.stopTracing()).toString();
  const trace = JSON.parse(traceText);

  const map = await load(request, mapId);
  const ids = Object.keys(map.cards);
  await page.waitForTimeout(500);
  await cdp.send('Profiler.start');
  for (let i = 0; i < 20; i++) {
    await apply(request, mapId, { type: 'edit_card', id: ids[(i * 37) % ids.length], text: `Profiled ${i}` });
    await expect(page.getByText(`Profiled ${i}`, { exact: true })).toBeVisible();
  }
  const remote = (await cdp.send('Profiler.stop')).profile as Profile;

  const dir = path.join(os.tmpdir(), 'jornada-profile');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'hydration.cpuprofile'), JSON.stringify(hydration));
  fs.writeFileSync(path.join(dir, 'remote.cpuprofile'), JSON.stringify(remote));
  fs.writeFileSync(path.join(dir, 'hydration.trace.json'), traceText);
  console.log(`PROFILE hydration, main thread by trace event\n${traceSummary(trace)}`);
  for (const [what, p] of [['hydration', hydration], ['20 remote edits', remote]] as const) {
    console.log(`PROFILE ${what}, self time\n${top(p, 'self')}`);
    console.log(`PROFILE ${what}, total time\n${top(p, 'total', 60)}`);
  }
});
