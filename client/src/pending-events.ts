/**
 * The worker events a tab has not shown yet. Between two updates a catch-up brings tens of
 * thousands, nearly all of which can no longer change the view (viewEvents); they are dropped as
 * they come, in the task of the frame that brought them, so an update shows a few dozen events
 * and stays short, whatever the catch-up.
 */
import type { WorkerEvent } from "../../shared/worker-core.ts";
import { viewEvents } from "./slices/worker.ts";

/** Kept events are looked at again once this many have come in since; never less often. */
const COMPACT_MIN = 256;

export class PendingEvents {
  private events: WorkerEvent[] = [];
  // Twice what the last compaction kept: each event is looked at a bounded number of times,
  // even when many are kept (events off the lane, repairs).
  private compactAt = COMPACT_MIN;

  add(events: readonly WorkerEvent[]): void {
    for (const event of events) this.events.push(event);
    if (this.events.length < this.compactAt) return;
    this.events = [...viewEvents([], this.events)];
    this.compactAt = Math.max(COMPACT_MIN, 2 * this.events.length);
  }

  /** The events to show, in order; none are pending afterwards. */
  take(): WorkerEvent[] {
    const events = this.events;
    this.events = [];
    this.compactAt = COMPACT_MIN;
    return events;
  }
}
