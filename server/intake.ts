/**
 * Exactly-once, FIFO intake of sends. A worker numbers its sends 1, 2, 3…
 * and resends what is not acknowledged; the uplink may reorder, lose or
 * duplicate them. The intake hands each send to the sequencer exactly once
 * and in the sender's own order (as Kafka's idempotent producer and JGroups'
 * resend table do), keyed by the worker's cid. Pure.
 */

/** Sends of one cid held because an earlier one has not arrived; more are dropped (the sender resends). */
export const MAX_HELD_PER_SENDER = 1000;
/** Bytes of data (UTF-8) held over all cids of a room; a send beyond is dropped (the sender resends it). */
export const MAX_HELD_BYTES = 1 << 20;

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

/** The length of `text` in UTF-8, without encoding it. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    // A surrogate pair is 4 bytes in UTF-8, 2 for each half; any other unit is 3.
    else bytes += unit >= 0xd800 && unit <= 0xdfff ? 2 : 3;
  }
  return bytes;
}

export class SendIntake {
  private readonly senders = new Map<string, Sender>();
  private held = 0;

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
   * none if it is a duplicate or must wait for an earlier one. With `hold` false (its worker has
   * left), a send that must wait is dropped instead of held.
   */
  accept(cid: string, n: number, data: string, hold = true): ReadySend[] {
    const sender = this.sender(cid);
    if (n < sender.next || sender.held.has(n)) return [];
    if (n > sender.next) {
      if (!hold) return [];
      const bytes = utf8Bytes(data);
      if (sender.held.size < MAX_HELD_PER_SENDER && this.held + bytes <= MAX_HELD_BYTES) {
        sender.held.set(n, data);
        this.held += bytes;
      }
      return [];
    }
    const ready: ReadySend[] = [{ n, data }];
    sender.next++;
    for (let held = sender.held.get(sender.next); held !== undefined; held = sender.held.get(sender.next)) {
      sender.held.delete(sender.next);
      this.held -= utf8Bytes(held);
      ready.push({ n: sender.next, data: held });
      sender.next++;
    }
    return ready;
  }

  /** Bytes of data held now, over all cids. */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * Drops the sends of `cid` held for an earlier one (its worker left): a worker that comes back
   * resends what it has not had acknowledged, so nothing stale is stamped from one late frame.
   */
  forgetHeld(cid: string): void {
    const sender = this.senders.get(cid);
    if (!sender) return;
    for (const data of sender.held.values()) this.held -= utf8Bytes(data);
    sender.held.clear();
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
