import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { deliveredLine } from "./seed-format.ts";

/** How many hex digits of the SHA-256 the order digest shows. */
export const DIGEST_LENGTH = 12;

const encoder = new TextEncoder();

/**
 * The order digest: the first 12 hex digits of the SHA-256 of the delivered
 * sequence written as seed-format Delivered lines, each ending in "\n". So
 * `grep '^--> Delivered' out2 | sha256sum | cut -c1-12` computes it from a log.
 * Incremental: adding a delivery costs O(1), reading the digest O(1). Lines
 * are hashed in blocks of up to 64 KiB: one hash update per line would cost
 * more than everything else a catch-up does for a record.
 */
export class OrderDigest {
  private hash = sha256.create();
  private cached: string | null = null;
  // Lines added and not yet hashed.
  private pending = "";

  add(seq: number, data: string): void {
    this.pending += `${deliveredLine(seq, data)}\n`;
    this.cached = null;
    if (this.pending.length >= PENDING_LIMIT) this.flush();
  }

  /** An independent copy: adding to one leaves the other as it was. */
  clone(): OrderDigest {
    this.flush();
    const copy = new OrderDigest();
    copy.hash = this.hash.clone();
    copy.cached = this.cached;
    return copy;
  }

  get value(): string {
    this.flush();
    this.cached ??= bytesToHex(this.hash.clone().digest()).slice(0, DIGEST_LENGTH);
    return this.cached;
  }

  private flush(): void {
    if (this.pending === "") return;
    this.hash.update(encoder.encode(this.pending));
    this.pending = "";
  }
}

const PENDING_LIMIT = 1 << 16;

/** The digest of a whole delivered sequence at once. */
export function orderDigest(delivered: Iterable<{ seq: number; data: string }>): string {
  const digest = new OrderDigest();
  for (const m of delivered) digest.add(m.seq, m.data);
  return digest.value;
}
