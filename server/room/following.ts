/**
 * The message a room follows: one seq whose whole life the board and every
 * tab light up. Anyone in the room may change it (no key: it changes only
 * what is highlighted); the session limits how often one connection asks, and
 * this limits how often the room broadcasts, whoever asks: at most
 * FOLLOW_BROADCASTS_PER_SECOND a second, the latest request winning (a request
 * inside the spacing is sent when it ends, carrying whatever was asked last).
 * A new epoch follows nothing (its seqs are other messages).
 */
import type { Cancel, Clock } from "../../shared/clock.ts";
import { ErrorCode, serverFrame } from "../../shared/protocol.ts";

/** Room-wide: at most this many `follow` broadcasts a second, however many connections ask. */
export const FOLLOW_BROADCASTS_PER_SECOND = 4;
const SPACING_MS = 1000 / FOLLOW_BROADCASTS_PER_SECOND;

/** What following needs of its room. */
export interface FollowedRoom {
  readonly lastSeq: number;
  readonly epoch: string;
  /** Sends a frame to every worker and board. */
  broadcast(frame: string): void;
}

export class Following {
  private followed: { seq: number; epoch: string } | null = null;
  /** Who asked last (a worker id; null for a board). */
  private by: number | null = null;
  /** When the last broadcast went out (−∞: never). */
  private sentAt = Number.NEGATIVE_INFINITY;
  /** The trailing broadcast, while one is due. */
  private trailing: Cancel | null = null;

  constructor(
    private readonly room: FollowedRoom,
    private readonly clock: Clock,
  ) {}

  /** The seq followed now, or null. */
  get seq(): number | null {
    return this.followed?.epoch === this.room.epoch ? this.followed.seq : null;
  }

  /** Everyone follows `seq` now (null: nothing); `by` asked (a worker id; null for a board). Returns why not, when it cannot be. */
  follow(seq: number | null, by: number | null): { code: ErrorCode; message: string } | null {
    const last = this.room.lastSeq;
    if (seq !== null && seq > last) {
      return { code: ErrorCode.BadRange, message: `cannot follow #${seq}: the last seq is ${last}` };
    }
    this.followed = seq === null ? null : { seq, epoch: this.room.epoch };
    this.by = by;
    if (this.trailing !== null) return null; // the trailing broadcast will carry this request
    const wait = this.sentAt + SPACING_MS - this.clock.now();
    if (wait <= 0) this.announce();
    else
      this.trailing = this.clock.after(wait, () => {
        this.trailing = null;
        this.announce();
      });
    return null;
  }

  private announce(): void {
    this.sentAt = this.clock.now();
    this.room.broadcast(serverFrame({ type: "follow", seq: this.seq, by: this.by }));
  }
}
