/**
 * The log format of the original run (../seed in the team notes): one line per
 * event, so two workers' logs can be compared with
 * `diff <(grep '^--> Delivered' out2) <(grep '^--> Delivered' out3)`.
 */

export function processIdLine(workerId: number): string {
  return `Process ID = ${workerId}`;
}

export function sentLine(data: string): string {
  return `Sent msg ${data} to server`;
}

export function queuedLine(seq: number, data: string): string {
  return `<-- Queued seq=${seq} dat=${data}`;
}

export function deliveredLine(seq: number, data: string): string {
  return `--> Delivered seq=${seq} dat=${data}`;
}
