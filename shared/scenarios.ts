/**
 * The prepared scenarios: what each shows, in words for students. The board
 * lists them; the server runs them (server/scenarios.ts) with worker bots.
 */
export interface ScenarioInfo {
  readonly id: ScenarioId;
  readonly title: string;
  /** What the class should see, in one line (the presenter view shows it). */
  readonly goal: string;
  /** One paragraph for students. */
  readonly explanation: string;
}

export const SCENARIO_IDS = ["reordering", "lost-message", "late-joiner", "disconnect", "restart"] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    id: "reordering",
    goal: "Messages overtake each other on the way, yet all three workers deliver one order.",
    title: "Reordering",
    explanation:
      "Three workers send at nearly the same time over a network with a lot of jitter. The sequencer stamps every message with the next seq, but on the way down messages overtake each other, so each worker receives them in its own order. Watch the amber bars: a message that arrives early waits in the hold-back queue until every seq before it has been delivered. In the end all three deliver the same sequence.",
  },
  {
    id: "lost-message",
    goal: "B loses #3, notices the gap, asks again (NACK), and ends with the same six messages as A.",
    title: "A lost message and its NACK",
    explanation:
      "Worker A sends six messages. The network loses stamped message #3 on its way to worker B. B notices the gap when #4 arrives: #4 waits, and after a short timeout B sends a NACK, asking the sequencer for #3 again. The sequencer resends it from its log, B delivers #3 and everything held behind it, and both workers end with the same six messages in the same order.",
  },
  {
    id: "late-joiner",
    goal: "C joins after everything was sent and still delivers every message from #1, in the same order.",
    title: "A late joiner catches up",
    explanation:
      "Workers A and B send sixteen messages between them. Only then does worker C join. The sequencer keeps every stamped message in its log, so C first receives the whole history from seq 1, in order, and then the live messages. C ends with exactly the same delivered sequence as A and B, although it was not there when they were sent.",
  },
  {
    id: "disconnect",
    goal: "B drops off for two seconds, resumes where it stopped, and misses nothing and repeats nothing.",
    title: "A laptop disconnects and resumes",
    explanation:
      "Worker A sends ten messages. Part way through, worker B's connection drops for two seconds, as when a laptop sleeps or leaves the Wi-Fi. When B reconnects it tells the sequencer the last seq it delivered and receives only what it missed. Nothing is missed and nothing is delivered twice: B ends with the same ten messages as A.",
  },
  {
    id: "restart",
    goal: "The sequencer restarts on its log: no seq is given twice, and both workers end in one order.",
    title: "The sequencer restarts",
    explanation:
      "Workers A and B send twelve messages. Half way through, the sequencer restarts. It wrote every stamped message to its log before sending it out, so it comes back knowing every seq it gave. The workers reconnect, resume after the last seq they delivered, and resend what was never acknowledged; the sequencer recognises a resend and never stamps it twice. Both end with the same twelve messages.",
  },
];

export function scenarioInfo(id: ScenarioId): ScenarioInfo {
  const info = SCENARIOS.find((s) => s.id === id);
  if (!info) throw new Error(`unknown scenario ${id}`);
  return info;
}
