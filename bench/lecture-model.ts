/**
 * What the simulated network alone allows, for `npm run bench:lecture`: the
 * same load (N students, R sends a second each, random phases) through links
 * that take `delay + U(0, jitter)` ms each way, with no processing time at
 * all. The sequencer stamps sends in the order they arrive; each student
 * receives every stamped message after its own downlink delay and delivers
 * in seq order (a message waits for every lower seq). Returns the own
 * send→deliver latency of messages sent after the warm-up. A Monte Carlo of
 * the configured distribution, seeded, so it is the same for every run.
 */
import { seededRandom } from "../shared/random.ts";

export interface ModelLoad {
  readonly students: number;
  readonly rate: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly delay: number;
  readonly jitter: number;
}

export interface Quantiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function quantiles(values: Float64Array | number[]): Quantiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

export function networkOwnLatency(load: ModelLoad, seed = 12): Quantiles {
  const random = seededRandom(seed);
  const link = () => load.delay + random.next() * load.jitter;
  const every = 1000 / load.rate;
  const end = (load.warmupSeconds + load.seconds) * 1000;
  const sends: { from: number; at: number; arrives: number }[] = [];
  for (let s = 0; s < load.students; s++) {
    for (let at = random.next() * every; at < end; at += every) sends.push({ from: s, at, arrives: at + link() });
  }
  // Stamped in the order of arrival at the sequencer: that order is the seq.
  sends.sort((a, b) => a.arrives - b.arrives);
  const own: number[] = [];
  const windowStart = load.warmupSeconds * 1000;
  for (let s = 0; s < load.students; s++) {
    // Delivered at the latest arrival among seqs 1..k at this student.
    let deliverable = 0;
    for (const send of sends) {
      deliverable = Math.max(deliverable, send.arrives + link());
      if (send.from === s && send.at >= windowStart) own.push(deliverable - send.at);
    }
  }
  return quantiles(own);
}
