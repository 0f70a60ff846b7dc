/**
 * The checker: given every worker's history, does the run keep the promises
 * of total-order multicast?
 * - validity and agreement: every message sent is delivered by every worker (else "lost");
 * - integrity: nothing is delivered twice ("duplicated") and nothing that was never sent ("unexpected");
 * - total order: no two workers deliver different messages at one seq ("order");
 * - every worker's seqs run 1, 2, 3… without holes ("gaps");
 * - each sender's messages are delivered in the order it sent them ("fifo");
 * - at the end, every worker delivered the same sequence ("converged").
 * Pure.
 */
import { orderDigest } from "./digest.ts";
import type { HistoryRecord } from "./history.ts";

export interface WorkerHistory {
  readonly name: string;
  readonly records: readonly HistoryRecord[];
}

export interface Anomaly {
  readonly kind: "lost" | "duplicated" | "unexpected" | "order" | "gap" | "fifo";
  readonly worker: string;
  readonly detail: string;
}

export interface CheckReport {
  readonly workers: number;
  readonly sent: number;
  readonly delivered: number;
  readonly counts: Record<Anomaly["kind"], number>;
  /** The first anomalies of each kind, to read. */
  readonly examples: readonly Anomaly[];
  readonly converged: boolean;
  readonly digests: readonly string[];
  readonly ok: boolean;
}

const EXAMPLES_PER_KIND = 5;
const key = (cid: string, n: number) => `${cid}#${n}`;

export function check(histories: readonly WorkerHistory[]): CheckReport {
  const counts: Record<Anomaly["kind"], number> = { lost: 0, duplicated: 0, unexpected: 0, order: 0, gap: 0, fifo: 0 };
  const examples: Anomaly[] = [];
  const report = (anomaly: Anomaly) => {
    counts[anomaly.kind]++;
    if (examples.filter((e) => e.kind === anomaly.kind).length < EXAMPLES_PER_KIND) examples.push(anomaly);
  };

  // A worker's id may change when the sequencer restarts; its cid does not. Sends are keyed by cid.
  const sent = new Map<string, string>();
  const cidOf = new Map<number, string>();
  for (const history of histories) {
    for (const r of history.records) {
      if (r.event === "sent") sent.set(key(r.cid, r.n), r.data);
      else if (r.event === "joined") cidOf.set(r.workerId, r.cid);
    }
  }

  const bySeq = new Map<number, { worker: string; id: string; data: string }>();
  const deliveredSequences: { seq: number; data: string }[][] = [];
  let delivered = 0;
  for (const history of histories) {
    const seen = new Set<string>();
    const seqs = new Set<number>();
    const lastNFrom = new Map<string, number>();
    const sequence: { seq: number; data: string }[] = [];
    let expectedSeq = 1;
    for (const r of history.records) {
      if (r.event !== "delivered") continue;
      delivered++;
      sequence.push({ seq: r.seq, data: r.data });
      const id = key(cidOf.get(r.from) ?? `worker ${r.from}`, r.n);
      if (seen.has(id) || seqs.has(r.seq)) {
        report({ kind: "duplicated", worker: history.name, detail: `seq ${r.seq} (sender ${r.from}, send ${r.n}) delivered again` });
      }
      seen.add(id);
      seqs.add(r.seq);
      const sentData = sent.get(id);
      if (sentData === undefined || sentData !== r.data) {
        report({ kind: "unexpected", worker: history.name, detail: `seq ${r.seq}: "${r.data}" (${id}) was never sent` });
      }
      if (r.seq !== expectedSeq) {
        report({ kind: "gap", worker: history.name, detail: `delivered seq ${r.seq} where seq ${expectedSeq} was due` });
      }
      expectedSeq = r.seq + 1;
      const sender = cidOf.get(r.from) ?? `worker ${r.from}`;
      const previousN = lastNFrom.get(sender) ?? 0;
      if (r.n < previousN) {
        report({ kind: "fifo", worker: history.name, detail: `${sender}'s send ${r.n} delivered after its send ${previousN}` });
      }
      lastNFrom.set(sender, Math.max(previousN, r.n));
      const other = bySeq.get(r.seq);
      if (!other) bySeq.set(r.seq, { worker: history.name, id, data: r.data });
      else if (other.id !== id || other.data !== r.data) {
        report({
          kind: "order",
          worker: history.name,
          detail: `seq ${r.seq}: "${r.data}" here, but "${other.data}" at ${other.worker}`,
        });
      }
    }
    deliveredSequences.push(sequence);
    for (const [id, data] of sent) {
      if (!seen.has(id)) report({ kind: "lost", worker: history.name, detail: `"${data}" (${id}) never delivered` });
    }
  }

  const digests = deliveredSequences.map((sequence) => orderDigest(sequence));
  const converged = new Set(digests).size <= 1;
  const ok = converged && Object.values(counts).every((count) => count === 0);
  return { workers: histories.length, sent: sent.size, delivered, counts, examples, converged, digests, ok };
}

/** The report as text for people. */
export function formatReport(report: CheckReport): string {
  const { counts } = report;
  const lines = [
    `${report.workers} workers, ${report.sent} messages sent, ${report.delivered} deliveries`,
    `lost ${counts.lost}, duplicated ${counts.duplicated}, unexpected ${counts.unexpected}, order violations ${counts.order}, gaps ${counts.gap}, FIFO violations ${counts.fifo}`,
    report.converged
      ? `converged: every worker delivered the same sequence (digest ${report.digests[0] ?? "-"})`
      : `NOT converged: ${new Set(report.digests).size} different delivered sequences`,
  ];
  for (const anomaly of report.examples) lines.push(`  ${anomaly.kind} at ${anomaly.worker}: ${anomaly.detail}`);
  lines.push(report.ok ? "OK" : "ANOMALIES FOUND");
  return lines.join("\n");
}
