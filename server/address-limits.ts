/**
 * Counts the server's open TCP sockets, in all and per remote address, from
 * the moment they connect: a socket still sending its request headers (or
 * never finishing them) holds a descriptor as much as a WebSocket does. Pure.
 */

/**
 * Sockets from one address (loopback excepted). A class of about 40 behind one
 * NAT, each with a tab and a few of the browser's page sockets, fits; one
 * machine on the network holds at most 1% of the default --max-connections.
 */
export const MAX_PER_ADDRESS = 200;

/** Boards watching at once over all rooms: a class's worth of keyless boards, a few times over. */
export const MAX_WATCHERS = 500;

/** What an upgrade from an address meets: room for it, or which limit it is over. */
export type SocketRefusal = "total" | "address" | null;

/** Loopback is the teacher's own machine (and the test runner's many tabs); it is not limited per address. */
export function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/**
 * Past the limit, an upgrade is answered (503 or 429) so a person sees why;
 * this far past it, a new socket is dropped unanswered, so a flood of raw
 * sockets cannot take every descriptor before the header timeout ends them.
 */
export function hardLimit(limit: number): number {
  return limit + Math.max(16, Math.ceil(limit / 10));
}

export class SocketCounts {
  private open = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly maxPerAddress: number,
    private readonly exempt: (address: string) => boolean = isLoopback,
  ) {}

  get total(): number {
    return this.open;
  }

  of(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  /** Counts a new socket; false when it is past a hard limit and should be dropped. */
  connected(address: string): boolean {
    this.open++;
    const count = this.of(address) + 1;
    this.perAddress.set(address, count);
    if (this.open > hardLimit(this.max)) return false;
    return this.exempt(address) || count <= hardLimit(this.maxPerAddress);
  }

  closed(address: string): void {
    this.open--;
    const count = this.of(address) - 1;
    if (count > 0) this.perAddress.set(address, count);
    else this.perAddress.delete(address);
  }

  /** Whether an upgrade on a socket from `address` (already counted) is over a limit. */
  refusal(address: string): SocketRefusal {
    if (this.open > this.max) return "total";
    if (!this.exempt(address) && this.of(address) > this.maxPerAddress) return "address";
    return null;
  }
}

/** The server's watcher slots: boards need no key, so they get a cap of their own. */
export class WatcherSlots {
  private taken = 0;

  constructor(private readonly max: number) {}

  take(): boolean {
    if (this.taken >= this.max) return false;
    this.taken++;
    return true;
  }

  give(): void {
    this.taken = Math.max(0, this.taken - 1);
  }
}
