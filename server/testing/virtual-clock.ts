/**
 * Virtual time for seeded simulations: `after` queues a task, `run` executes
 * tasks in time order (ties in the order they were queued) without waiting.
 */
import type { Cancel, Clock } from "../../shared/clock.ts";
import type { FlightTicks, TaskEnds } from "../clock.ts";

interface Task {
  readonly at: number;
  readonly order: number;
  readonly run: () => void;
  cancelled: boolean;
}

export class VirtualClock implements Clock, FlightTicks, TaskEnds {
  private time = 0;
  private queued = 0;
  private tasks: Task[] = [];
  // Run when the task in hand ends, as a real clock's microtasks are.
  private ending: (() => void)[] = [];

  readonly now = (): number => this.time;

  /** `flightTickMs`: the tick a room's flight table uses on this clock (default 0: exact due times). */
  constructor(readonly flightTickMs = 0) {}

  after(ms: number, run: () => void): Cancel {
    const task: Task = { at: this.time + Math.max(0, ms), order: this.queued++, run, cancelled: false };
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  }

  endOfTask(run: () => void): void {
    this.ending.push(run);
  }

  private endTask(): void {
    for (let i = 0; i < this.ending.length; i++) (this.ending[i] as () => void)();
    this.ending = [];
  }

  /** Runs every task, including those queued while running, up to `limit` tasks. */
  run(limit = 1_000_000): void {
    this.runUntil(() => false, Number.POSITIVE_INFINITY, limit);
  }

  /**
   * Runs tasks in time order until `done()` holds (checked after each task),
   * no task is left, or the next task lies past `until`. Returns whether `done()` held.
   */
  runUntil(done: () => boolean, until: number, limit = 10_000_000): boolean {
    // The caller's own work (a test's sends, outside any task) is a task in hand too: it ends here.
    this.endTask();
    for (let ran = 0; this.tasks.length > 0; ran++) {
      if (ran >= limit) throw new Error(`virtual clock: more than ${limit} tasks; a task keeps queueing itself?`);
      let first = 0;
      for (let i = 1; i < this.tasks.length; i++) {
        const a = this.tasks[i] as Task;
        const b = this.tasks[first] as Task;
        if (a.at < b.at || (a.at === b.at && a.order < b.order)) first = i;
      }
      if ((this.tasks[first] as Task).at > until) return done();
      const [task] = this.tasks.splice(first, 1) as [Task];
      if (task.cancelled) continue;
      this.time = task.at;
      task.run();
      this.endTask();
      if (done()) return true;
    }
    return done();
  }
}
