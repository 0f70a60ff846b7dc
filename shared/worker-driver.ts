/**
 * Drives one WorkerCore over a connection: the hello (with cid, resume point
 * and epoch), every server message, acknowledgements, resends of
 * unacknowledged sends, NACKs for missing seqs, and reconnects with backoff.
 * The browser tab and the CLI worker both use it, each with its own socket and
 * timers passed in, so they behave identically; simulations pass virtual ones.
 */
import { reconnectDelay } from "./backoff.ts";
import {
  BATCH_CAPABILITY,
  CloseCode,
  checkData,
  clientFrame,
  ErrorCode,
  helloFrame,
  type NetworkSettings,
  parseServerFrame,
  type ServerMessage,
} from "./protocol.ts";
import { WorkerCore, type WorkerEvent } from "./worker-core.ts";
import type { DriverDeps, DriverSocket, DriverStatus } from "./worker-driver-types.ts";

export type { DriverDeps, DriverHandlers, DriverSocket, DriverStatus, Observation } from "./worker-driver-types.ts";

const MAINTENANCE_MS = 100;
/** The sequencer says something at least every second (head); silence this long means a dead link. */
const SILENCE_MS = 10_000;

export class WorkerDriver {
  core: WorkerCore;
  private socket: DriverSocket | null = null;
  private joined = false;
  private stopped = false;
  private retries = 0;
  private lastHeard = 0;
  private cid: string;
  private network: NetworkSettings = { delay: 0, jitter: 0, loss: 0, dup: 0 };
  // The teacher's pause and slow motion: the driver waits alike instead of resending into a stopped network.
  private paused = false;
  private slowdown = 1;
  private cancelRetry: () => void = () => {};
  private cancelMaintenance: () => void = () => {};

  constructor(private readonly deps: DriverDeps) {
    this.core = this.newCore();
    this.cid = deps.cid;
  }

  /** The identity the driver uses now. */
  get identity(): string {
    return this.cid;
  }

  get isJoined(): boolean {
    return this.joined;
  }

  start(): void {
    this.open();
    this.maintain();
  }

  /** Sends text; returns why not instead when it cannot be sent now. Unacknowledged sends are resent. */
  send(data: string): Send | string {
    if (!this.joined || !this.socket) return "not connected to the sequencer yet";
    // Checked before a number is taken: a number the sequencer refused would leave a gap that holds up every later send.
    const problem = checkData(data);
    if (problem) return problem;
    const events: WorkerEvent[] = [];
    const send = this.core.send(data, events);
    this.socket.send(clientFrame(send));
    this.deps.observe({ kind: "events", events, core: this.core });
    return send;
  }

  /** Asks the room to follow `seq` (null: stop); false when not connected. */
  follow(seq: number | null): boolean {
    if (!this.joined || !this.socket) return false;
    this.socket.send(clientFrame({ type: "follow", seq }));
    return true;
  }

  /**
   * Drops the connection as a network failure would (CloseCode.Dropped): the driver takes it as
   * lost (1006) at once, then reconnects and resumes.
   */
  drop(reason = "dropped on purpose"): void {
    const socket = this.socket;
    if (!socket) return;
    // Not waiting for the socket to report its end: a half-open connection may take minutes to.
    this.closed(CloseCode.Abnormal, reason);
    socket.close(CloseCode.Dropped, reason);
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry();
    this.cancelMaintenance();
    this.socket?.close(CloseCode.Normal, "worker stopped");
    this.socket = null;
    this.joined = false;
    this.status("stopped", "");
  }

  private status(status: DriverStatus, detail: string): void {
    this.deps.observe({ kind: "status", status, detail });
  }

  private open(): void {
    this.status(this.retries === 0 ? "connecting" : "reconnecting", "");
    let current: DriverSocket | null = null;
    current = this.deps.connect({
      open: () => {
        // Without ordering, deliveries have no prefix to resume after: the whole history comes again, and repeats are dropped.
        const after = this.core.delivery.resumeAfter;
        const epoch = this.core.epoch;
        const accepts = this.deps.batches === false ? {} : { accepts: [BATCH_CAPABILITY] };
        current?.send(helloFrame({ cid: this.cid, after, ...(epoch ? { epoch } : {}), ...accepts }));
      },
      message: (text) => {
        if (this.socket !== current) return;
        this.lastHeard = this.deps.now();
        this.receive(text);
      },
      close: (code, reason) => {
        if (this.socket !== current) return;
        this.closed(code, reason);
      },
    });
    this.socket = current;
  }

  private closed(code: number, reason: string): void {
    this.socket = null;
    this.joined = false;
    if (this.stopped) return;
    if (code === CloseCode.VersionUnsupported) {
      this.stopped = true;
      this.status("stopped", reason || "protocol version unsupported");
      return;
    }
    if (code === CloseCode.Replaced) {
      // A duplicated tab shares our cid: take a new identity, and with it fresh send numbers.
      this.cid = this.deps.renewCid();
      this.fresh("another connection took this worker's identity; continuing as a new worker");
    }
    const wait = reconnectDelay(this.retries, this.deps.random);
    this.retries++;
    const why = reason || (code === CloseCode.Abnormal ? "connection lost" : `closed (${code})`);
    this.status("reconnecting", `${why}; retrying in ${(wait / 1000).toFixed(1)} s`);
    this.cancelRetry = this.deps.after(wait, () => this.open());
  }

  private fresh(reason: string): void {
    this.core = this.newCore();
    this.deps.observe({ kind: "fresh", core: this.core, reason });
  }

  private newCore(): WorkerCore {
    return new WorkerCore(this.deps.now, { retain: this.deps.retain ?? true });
  }

  private receive(text: string): void {
    const parsed = parseServerFrame(text);
    if (!parsed.ok) {
      this.deps.observe({ kind: "error", code: parsed.code, message: `bad frame from the server: ${parsed.message}` });
      return;
    }
    this.handle(parsed.message);
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case "welcome": {
        if (this.core.epoch !== null && this.core.epoch !== message.epoch) {
          this.fresh("the sequencer's log was reset or lost; starting a fresh log from seq 1");
        }
        this.retries = 0;
        this.joined = true;
        this.settle(message);
        const joined = this.core.join(message);
        this.deps.observe({ kind: "settings", network: message.network, mode: message.mode, auto: message.auto });
        this.status("joined", "");
        this.deps.observe({ kind: "room", message: { type: "follow", seq: message.followed, by: null } });
        this.deps.observe({ kind: "events", events: [joined], core: this.core });
        // Whatever the sequencer has not logged yet goes again; it recognises resends.
        for (const send of this.core.resendsDue(0)) this.socket?.send(clientFrame(send));
        return;
      }
      case "stamped":
        this.deps.observe({ kind: "events", events: this.core.receive(message), core: this.core });
        return;
      case "batch":
        // Checked whole at the edge (parseServerFrame), so it is applied whole: one observation for all of it.
        this.deps.observe({ kind: "events", events: this.core.receiveBatch(message), core: this.core });
        return;
      case "ack":
        this.core.ack(message);
        return;
      case "head":
        this.core.head(message.seq);
        return;
      case "settings":
        this.settle(message);
        if (message.paused) this.lastHeard = this.deps.now();
        this.deps.observe({ kind: "settings", network: message.network, mode: message.mode, auto: message.auto });
        return;
      case "board":
        return;
      case "follow":
      case "order":
        this.deps.observe({ kind: "room", message });
        return;
      case "error":
        // Only a send the sequencer can never take is given up; one refused for now (rate
        // limited, or sent before the hello) stays unacknowledged and goes again later. TOO_LARGE
        // never names a send: a frame that long is refused before it is parsed.
        if (message.ref !== undefined && message.code === ErrorCode.BadMessage) this.core.refused(message.ref);
        this.deps.observe({ kind: "error", code: message.code, message: message.message });
        return;
    }
  }

  /** Takes the room's settings; a changed network or slow motion is measured afresh. */
  private settle({ network, paused, slowdown }: { network: NetworkSettings; paused: boolean; slowdown: number }): void {
    const { delay, jitter } = this.network;
    if (network.delay !== delay || network.jitter !== jitter || slowdown !== this.slowdown) this.core.roundTrip.reset();
    // What was sent while paused was held, however short the pause looked from here.
    if (this.paused) this.core.unmeasurable();
    this.network = network;
    this.paused = paused;
    this.slowdown = slowdown;
  }

  /** Every 100 ms: resend what was not acknowledged in time, and NACK what stays missing. */
  private maintain(): void {
    const tick = () => {
      if (this.stopped) return;
      const { delay, jitter } = this.network;
      const stretch = this.slowdown;
      if (this.paused) {
        // Nothing moves while the teacher holds the network: no resends, no NACKs, no silence alarm,
        // and no round-trip samples from what the pause held.
        this.lastHeard = this.deps.now();
        this.core.unmeasurable();
      } else if (this.joined && this.socket && this.deps.now() - this.lastHeard > SILENCE_MS + (delay + jitter) * stretch) {
        // A half-open connection (a laptop that slept, a NAT that forgot us): start again.
        this.drop(`nothing heard from the sequencer for ${Math.round((this.deps.now() - this.lastHeard) / 1000)} s`);
      } else if (this.joined && this.socket) {
        // A seq may trail a later one by up to the jitter; a send's round trip takes two links. These
        // are the floors: a busy sequencer acks later, and the measured round trip then says how much.
        const nackAfter = this.core.nackAfter(jitter * stretch + 250);
        const resendAfter = this.core.resendAfter(2 * (delay + jitter) * stretch + 500);
        const events: WorkerEvent[] = [];
        for (const send of this.core.resendsDue(resendAfter, events)) this.socket.send(clientFrame(send));
        for (const nack of this.core.nacksDue(nackAfter, events)) this.socket.send(clientFrame(nack));
        if (events.length > 0) this.deps.observe({ kind: "events", events, core: this.core });
      }
      this.cancelMaintenance = this.deps.after(MAINTENANCE_MS, tick);
    };
    this.cancelMaintenance = this.deps.after(MAINTENANCE_MS, tick);
  }
}

type Send = ReturnType<WorkerCore["send"]>;
