// What the benchmarks share: figures, and the 12 × 8 × 500 board made through the API.
import { expect, APIRequestContext } from '@playwright/test';

export const STAGES = 12;
export const LANES = 8;
export const CARDS = 500;

export function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return { n: 0, p50: null, p95: null, max: null };
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +s[s.length - 1].toFixed(2) };
}

let seq = 0;
export function id() {
  return `b${Date.now().toString(36)}${(seq++).toString(36)}`;
}

export async function apply(api: APIRequestContext, map: string, op: unknown) {
  const res = await api.post('/api/maps/apply', { data: { map, client_op: id(), op } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

export async function load(api: APIRequestContext, map: string) {
  const res = await api.post('/api/maps/load', { form: { id: map } });
  expect(res.ok()).toBeTruthy();
  return res.json();
}

/** Order keys that sort in sequence ("V", "k", "s", ... then longer). */
export function keys(n: number): string[] {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    // Two-digit keys spread over the space: always valid, never ending in '0'.
    const hi = 1 + Math.floor((i * 60) / n);
    out.push(digits[hi] + digits[1 + (i % 60)]);
  }
  return out.sort();
}

/** A map of STAGES × LANES with `cards` cards spread over the cells; its id. */
export async function bigBoard(request: APIRequestContext, cards = CARDS): Promise<string> {
  const res = await request.post('/api/maps/create', { form: { title: 'Benchmark', template: 'starter' } });
  const mapId: string = await res.json();
  let map = await load(request, mapId);
  for (let i = Object.keys(map.stages).length; i < STAGES; i++) {
    const order = `zzz${'V'.repeat(i)}`;
    await apply(request, mapId, { type: 'add_stage', stage: { id: id(), title: `Stage ${i + 1}`, order } });
  }
  for (let i = Object.keys(map.lanes).length; i < LANES; i++) {
    await apply(request, mapId, { type: 'add_lane', lane: { id: id(), kind: 'text', title: `Lane ${i + 1}`, order: `zzz${'V'.repeat(i)}` } });
  }
  map = await load(request, mapId);
  const stages = Object.values(map.stages).sort((a: any, b: any) => (a.order < b.order ? -1 : 1)) as any[];
  const lanes = Object.values(map.lanes).sort((a: any, b: any) => (a.order < b.order ? -1 : 1)) as any[];
  const perCell = Math.ceil(cards / (STAGES * LANES));
  const ks = keys(perCell);
  let made = 0;
  for (const s of stages) {
    for (const l of lanes) {
      for (let k = 0; k < perCell && made < cards; k++, made++) {
        await apply(request, mapId, {
          type: 'add_card',
          card: { id: id(), stage: s.id, lane: l.id, order: ks[k], text: `Card ${made + 1}: a client step with some text`, colour: 'yellow' },
        });
      }
    }
  }

  return mapId;
}
