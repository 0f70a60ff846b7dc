/**
 * The message a room follows: one seq whose whole life the board and every
 * tab light up. Anyone in the room may change it (no key: it changes only
 * what is highlighted); the session limits how often. A new epoch follows
 * nothing (its seqs are other messages).
 */
import { ErrorCode, serverFrame } from "../../shared/protocol.ts";

/** What following needs of its room. */
export interface FollowedRoom {
  readonly lastSeq: number;
  readonly epoch: string;
  /** Sends a frame to every worker and board. */
  broadcast(frame: string): void;
}

export class Following {
  private followed: { seq: number; epoch: string } | null = null;

  constructor(private readonly room: FollowedRoom) {}

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
    this.room.broadcast(serverFrame({ type: "follow", seq, by }));
    return null;
  }
}
