/**
 * Exactly-once, FIFO intake of sends. A worker numbers its sends 1, 2, 3…
 * and resends what is not acknowledged; the uplink may reorder, lose or
 * duplicate them. The intake hands each send to the sequencer exactly once
 * and in the sender's own order (as Kafka's idempotent producer and JGroups'
 * resend table do), keyed by the worker's cid. Pure.
 */

/** Sends of one cid held because an earlier one has not arrived; more are dropped (the sender resends). */
export const MAX_HELD_PER_SENDER = 1000;

interface Sender {
  /** The next send number to stamp. */
  next: number;
  /** Sends 1..durable are in the durable log. */
  durable: number;
  readonly held: Map<number, string>;
}

export interface ReadySend {
  readonly n: number;
  readonly data: string;
}

export class SendIntake {
  private readonly senders = new Map<string, Sender>();

  private sender(cid: string): Sender {
    let sender = this.senders.get(cid);
    if (!sender) {
      sender = { next: 1, durable: 0, held: new Map() };
      this.senders.set(cid, sender);
    }
    return sender;
  }

  /**
   * Takes send `n` of `cid` and returns the sends now ready to stamp, in order:
   * none if it is a duplicate or must wait for an earlier one.
   */
  accept(cid: string, n: number, data: string): ReadySend[] {
    const sender = this.sender(cid);
    if (n < sender.next || sender.held.has(n)) return [];
    if (n > sender.next) {
      if (sender.held.size < MAX_HELD_PER_SENDER) sender.held.set(n, data);
      return [];
    }
    const ready: ReadySend[] = [{ n, data }];
    sender.next++;
    for (let held = sender.held.get(sender.next); held !== undefined; held = sender.held.get(sender.next)) {
      sender.held.delete(sender.next);
      ready.push({ n: sender.next, data: held });
      sender.next++;
    }
    return ready;
  }

  /** Send `n` of `cid` is durably logged. */
  logged(cid: string, n: number): void {
    const sender = this.sender(cid);
    sender.durable = Math.max(sender.durable, n);
    sender.next = Math.max(sender.next, n + 1);
  }

  /** The cid's sends 1..this are durably logged (0 for a cid never seen). */
  lastLogged(cid: string): number {
    return this.senders.get(cid)?.durable ?? 0;
  }
}
