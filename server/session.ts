/**
 * One connection's protocol state: every frame is parsed here, at the edge,
 * before anything acts on it. A bad frame gets an `error` with a code; the
 * connection stays up and the room goes on. Pure: no sockets of its own.
 */
import {
  type ClientMessage,
  CloseCode,
  type Control,
  ErrorCode,
  errorFrame,
  FOLLOWS_PER_SECOND,
  type Hello,
  type Nack,
  type NetworkSettings,
  type OrderingMode,
  PROTOCOL_VERSION,
  parseClientFrame,
  type Send,
} from "../shared/protocol.ts";
import { RateLimiter } from "./limiter.ts";
import type { NackAnswer } from "./room/resends.ts";
import type { Member, WorkerSocket } from "./room/types.ts";

/** What a session needs of its room (the Room class, as one connection sees it). */
export interface SessionRoom {
  readonly lastSeq: number;
  join(socket: WorkerSocket, hello: Hello): Member;
  submit(member: Member, send: Send): void;
  /** False when the range starts past the last seq. */
  /** Resends a NACKed range within the connection's resend budget. */
  nack(member: Member, nack: Nack): NackAnswer;
  leave(member: Member): void;
  readonly board: { watch(socket: WorkerSocket): void; unwatch(socket: WorkerSocket): void };
  readonly teacher: {
    holdsKey(key: string): boolean;
    /** False when the message is no longer in flight. */
    control(control: Control): boolean;
  };
  configure(change: Partial<NetworkSettings>, mode?: OrderingMode): void;
  reset(): void;
  settingsFrame(): string;
  /** Follow: everyone in the room follows a seq (null: none); returns why not, when it cannot be. */
  readonly following: { follow(seq: number | null, by: number | null): { code: ErrorCode; message: string } | null };
}

/**
 * What a session asks of the limits its connection shares with others: a
 * watcher slot, and whether its address may still try a teacher key.
 */
export interface SessionLimits {
  /** A watcher slot; false when every one is taken. */
  watch(): boolean;
  unwatch(): void;
  /** False while this connection's address has run out of wrong-key guesses. */
  mayTryKey(): boolean;
  wrongKey(): void;
}

const UNLIMITED: SessionLimits = { watch: () => true, unwatch() {}, mayTryKey: () => true, wrongKey() {} };

export class Session {
  private member: Member | null = null;
  // After a close, frames already received on the connection are not acted on.
  private ended = false;
  private lastLimitedReply = Number.NEGATIVE_INFINITY;
  private acted = false;
  private watching = false;
  // Follow: at most FOLLOWS_PER_SECOND a second per connection (made on the first follow).
  private follows: RateLimiter | null = null;

  constructor(
    private readonly room: SessionRoom,
    private readonly socket: WorkerSocket,
    private readonly limiter: RateLimiter | null,
    private readonly now: () => number = () => 0,
    private readonly limits: SessionLimits = UNLIMITED,
  ) {}

  /** True until the connection said hello or did something with the key. */
  get idle(): boolean {
    return this.member === null && !this.acted && !this.watching;
  }

  /** The worker id, once the worker has said hello. */
  get workerId(): number | null {
    return this.member?.id ?? null;
  }

  text(frame: string): void {
    if (this.ended) return;
    const allowed = this.limiter?.take() ?? true;
    const parsed = parseClientFrame(frame);
    if (!allowed) {
      this.limited(parsed.ok && parsed.message.type === "send" ? parsed.message.n : undefined);
      return;
    }
    if (!parsed.ok) {
      this.error(parsed.code, parsed.message, parsed.ref);
      return;
    }
    this.handle(parsed.message);
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case "hello":
        this.hello(message);
        return;
      case "watch":
        if (message.version !== PROTOCOL_VERSION) {
          this.refuseVersion(message.version);
          return;
        }
        if (!this.watching) {
          if (!this.limits.watch()) {
            this.error(ErrorCode.RateLimited, "too many boards are watching this server; try again later");
            return;
          }
          this.watching = true;
          this.room.board.watch(this.socket);
        }
        return;
      case "configure":
      case "reset":
      case "control":
        // Settings belong to the key holder, joined as a worker or not.
        if (!this.limits.mayTryKey()) {
          this.error(ErrorCode.RateLimited, "too many wrong teacher keys from your address; wait a minute and try again");
          return;
        }
        if (!this.room.teacher.holdsKey(message.key)) {
          // An empty key is no guess (a board before the teacher typed one).
          if (message.key !== "") this.limits.wrongKey();
          this.error(ErrorCode.KeyRequired, `"${message.type}" needs the teacher key the server printed at start`);
          return;
        }
        this.acted = true;
        if (message.type === "control") {
          if (!this.room.teacher.control(message))
            this.error(
              ErrorCode.NotInFlight,
              message.action === "step"
                ? "nothing to step: no message is in flight (held ones are released, not stepped)"
                : "that message has already arrived, or was dropped",
            );
          return;
        }
        if (message.type === "configure") this.room.configure(message.network ?? {}, message.mode);
        else this.room.reset();
        // Workers and boards hear of new settings anyway; any other key holder gets them as its answer.
        if (!this.member && !this.watching && !this.ended) this.socket.send(this.room.settingsFrame());
        return;
    }
    if (message.type === "follow" && this.watching) {
      this.follow(message.seq);
      return;
    }
    if (!this.member) {
      this.error(ErrorCode.HelloRequired, 'send "hello" before anything else', message.type === "send" ? message.n : undefined);
      return;
    }
    if (message.type === "follow") {
      this.follow(message.seq);
      return;
    }
    if (message.type === "send") this.room.submit(this.member, message);
    else {
      const answer = this.room.nack(this.member, message);
      if (answer === "past-last-seq")
        this.error(ErrorCode.BadRange, `nack from ${message.from} is past the last seq, ${this.room.lastSeq}`);
      else if (answer === "rate-limited") this.limited(undefined, "too many records asked for again; NACK again later");
    }
  }

  private follow(seq: number | null): void {
    this.follows ??= new RateLimiter(FOLLOWS_PER_SECOND, FOLLOWS_PER_SECOND, this.now);
    if (!this.follows.take()) {
      this.limited(undefined, `too many follows: at most ${FOLLOWS_PER_SECOND} a second`);
      return;
    }
    const refused = this.room.following.follow(seq, this.member?.id ?? null);
    if (refused) this.error(refused.code, refused.message);
  }

  private hello(message: Extract<ClientMessage, { type: "hello" }>): void {
    if (this.member || this.watching) {
      this.error(ErrorCode.AlreadyJoined, "this connection has already said hello");
      return;
    }
    if (message.version !== PROTOCOL_VERSION) {
      this.refuseVersion(message.version);
      return;
    }
    this.member = this.room.join(this.socket, message);
  }

  private refuseVersion(version: number): void {
    this.error(
      ErrorCode.VersionUnsupported,
      `protocol version ${version} is not supported; this server speaks version ${PROTOCOL_VERSION}`,
    );
    this.ended = true;
    this.socket.close(CloseCode.VersionUnsupported, "protocol version unsupported");
  }

  binary(): void {
    if (this.ended) return;
    if (!(this.limiter?.take() ?? true)) {
      this.limited(undefined);
      return;
    }
    this.error(ErrorCode.BinaryFrame, "binary frames are not accepted; send JSON text frames");
  }

  // A flood is answered with one RATE_LIMITED a second, not one per frame.
  private limited(ref: number | undefined, message = "too many messages; slow down and send again"): void {
    const now = this.now();
    if (now - this.lastLimitedReply < 1000) return;
    this.lastLimitedReply = now;
    this.error(ErrorCode.RateLimited, message, ref);
  }

  closed(): void {
    this.ended = true;
    if (this.watching) {
      this.room.board.unwatch(this.socket);
      this.limits.unwatch();
    }
    this.watching = false;
    if (this.member) this.room.leave(this.member);
    this.member = null;
  }

  private error(code: ErrorCode, message: string, ref?: number): void {
    // A joined worker's frames go through its member's socket, which keeps them in order with its live runs.
    (this.member?.socket ?? this.socket).send(errorFrame(code, message, ref));
  }
}
