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
 * Incremental: adding a delivery costs O(1), reading the digest O(1).
 */
export class OrderDigest {
  private hash = sha256.create();
  private cached: string | null = null;

  add(seq: number, data: string): void {
    this.hash.update(encoder.encode(`${deliveredLine(seq, data)}\n`));
    this.cached = null;
  }

  /** An independent copy: adding to one leaves the other as it was. */
  clone(): OrderDigest {
    const copy = new OrderDigest();
    copy.hash = this.hash.clone();
    copy.cached = this.cached;
    return copy;
  }

  get value(): string {
    this.cached ??= bytesToHex(this.hash.clone().digest()).slice(0, DIGEST_LENGTH);
    return this.cached;
  }
}

/** The digest of a whole delivered sequence at once. */
export function orderDigest(delivered: Iterable<{ seq: number; data: string }>): string {
  const digest = new OrderDigest();
  for (const m of delivered) digest.add(m.seq, m.data);
  return digest.value;
}
