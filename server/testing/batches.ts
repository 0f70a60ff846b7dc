/** The records `batch` frames carry, as a worker reads them: for tests that compare them with the log. */
import { type Batch, batchTimes, parseServerFrame, type ServerMessage, type StampedFields } from "../../shared/protocol.ts";

/** The records of every batch among `messages`, in order. */
export function batchRecords(messages: readonly ServerMessage[]): StampedFields[] {
  return messages.flatMap((message) => {
    if (message.type !== "batch") return [];
    const times = batchTimes(message);
    return message.from.map((from, i) => ({
      seq: message.first + i,
      from,
      n: message.n[i] as number,
      data: message.data[i] as string,
      time: times[i] as number,
    }));
  });
}

/** `frames` parsed as the worker parses them; each must be a valid batch. */
export function parsedBatches(frames: readonly string[]): Batch[] {
  return frames.map((frame) => {
    const parsed = parseServerFrame(frame);
    if (!parsed.ok || parsed.message.type !== "batch") throw new Error(`not a valid batch: ${frame.slice(0, 80)}`);
    return parsed.message;
  });
}
