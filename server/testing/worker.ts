/**
 * An in-memory worker for session tests: the real WorkerCore behind a real
 * Session, joined by a socket that parses every frame the room sends, as a
 * tab or the CLI worker would. No resends or NACKs: simulation.ts has those.
 */
import { clientFrame, helloFrame, parseServerFrame, type ServerMessage } from "../../shared/protocol.ts";
import { WorkerCore } from "../../shared/worker-core.ts";
import type { Room } from "../room.ts";
import { Session } from "../session.ts";

export class InMemoryWorker {
  readonly core: WorkerCore;
  readonly session: Session;
  /** Every message the room sent this worker, parsed. */
  readonly received: ServerMessage[] = [];
  closedWith: number | null = null;

  constructor(
    room: Room,
    now: () => number,
    readonly cid?: string,
  ) {
    this.core = new WorkerCore(now);
    this.session = new Session(
      room,
      {
        send: (frame) => this.receive(frame),
        close: (code) => {
          this.closedWith = code;
          this.session.closed();
        },
      },
      null,
    );
  }

  /** Joins; `accepts` lists optional messages, such as "batch" for the catch-up in batches. */
  hello(after = 0, epoch?: string, accepts?: string[]): void {
    this.session.text(
      helloFrame({ after, ...(this.cid ? { cid: this.cid } : {}), ...(epoch ? { epoch } : {}), ...(accepts ? { accepts } : {}) }),
    );
  }

  send(data: string): void {
    this.session.text(clientFrame(this.core.send(data)));
  }

  /** The error codes the room sent, in order. */
  errors(): string[] {
    return this.received.flatMap((m) => (m.type === "error" ? [m.code] : []));
  }

  /** The seqs of the stamped messages the room sent, in order of arrival. */
  stampedSeqs(): number[] {
    return this.received.flatMap((m) => (m.type === "stamped" ? [m.seq] : []));
  }

  private receive(frame: string): void {
    const parsed = parseServerFrame(frame);
    if (!parsed.ok) throw new Error(`room sent a frame that fails the protocol: ${parsed.message}: ${frame}`);
    const message = parsed.message;
    this.received.push(message);
    if (message.type === "welcome") this.core.join(message);
    else if (message.type === "stamped") this.core.receive(message);
    else if (message.type === "batch") this.core.receiveBatch(message);
    else if (message.type === "ack") this.core.ack(message);
  }
}
