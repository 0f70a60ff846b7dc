/**
 * One callback per animation frame for everything on the page that redraws:
 * the store's batched events and the animation clock run in the same
 * callback, so React renders once a frame and the page lays out once a frame.
 * Apart, a store update (from a timer) and a clock tick (from its own frame
 * callback) each rendered and laid out the page, often twice in one frame.
 */

export interface FrameSource {
  /** Runs `run` before the next frame is drawn; returns a cancel function. */
  readonly requestFrame: (run: () => void) => () => void;
  /** Runs `run` after `ms`; returns a cancel function. */
  readonly after: (ms: number, run: () => void) => () => void;
  readonly now: () => number;
}

/**
 * A page that draws no frames (a hidden tab, a test in Node) still runs what is due this long after it
 * was asked for: a background tab keeps its view current and its queue of events short.
 */
export const FRAME_FALLBACK_MS = 100;

export interface FrameScheduler {
  /** Runs `run` once in the next frame, with everything else asked for before it. */
  next(run: () => void): void;
  /** The time the current (or last) frame's callbacks started: the same for all of them. */
  time(): number;
}

export function frameScheduler({ requestFrame, after, now }: FrameSource): FrameScheduler {
  let due: (() => void)[] = [];
  let cancels: (() => void)[] = [];
  let time = now();
  const runDue = () => {
    for (const cancel of cancels) cancel();
    cancels = [];
    const running = due;
    due = [];
    time = now();
    for (const run of running) run();
  };
  return {
    next(run) {
      due.push(run);
      if (cancels.length) return;
      cancels = [requestFrame(runDue), after(FRAME_FALLBACK_MS, runDue)];
    },
    time: () => time,
  };
}

/** The page's timers: animation frames where the page has them, else a timer at 60 Hz. */
function pageFrames(): FrameSource {
  const after = (ms: number, run: () => void) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  };
  const requestFrame =
    typeof requestAnimationFrame === "function"
      ? (run: () => void) => {
          const frame = requestAnimationFrame(() => run());
          return () => cancelAnimationFrame(frame);
        }
      : (run: () => void) => after(16, run);
  return { requestFrame, after, now: () => Date.now() };
}

/** The page's one frame scheduler. */
export const frames: FrameScheduler = frameScheduler(pageFrames());
