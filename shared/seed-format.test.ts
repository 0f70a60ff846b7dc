import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkData } from "./protocol.ts";
import { deliveredOf, formatSeedLine, formatSeedLog, parseSeedLine, parseSeedLog, type SeedLine } from "./seed-format.ts";
import { checkProperty } from "./testing/fast-check.ts";

describe("the seed's log format", () => {
  it("formats each of the four lines as the seed printed them", () => {
    expect(
      formatSeedLog([
        { kind: "joined", workerId: 2 },
        { kind: "sent", data: "346997813" },
        { kind: "queued", seq: 2, data: "364458395" },
        { kind: "delivered", seq: 1, data: "346997813" },
      ]),
    ).toBe("Process ID = 2\nSent msg 346997813 to server\n<-- Queued seq=2 dat=364458395\n--> Delivered seq=1 dat=346997813\n");
  });

  it("formats one line without its newline", () => {
    expect(formatSeedLine({ kind: "joined", workerId: 7 })).toBe("Process ID = 7");
  });

  it("reads back data that looks like the format itself", () => {
    expect(parseSeedLine("Sent msg a to server to server")).toEqual({ kind: "sent", data: "a to server" });
    expect(parseSeedLine("--> Delivered seq=3 dat=x dat=y")).toEqual({ kind: "delivered", seq: 3, data: "x dat=y" });
    // Not control characters, so the protocol lets them through; a regex's "." would not match them.
    expect(parseSeedLine("<-- Queued seq=4 dat=a\u2028b\u2029")).toEqual({ kind: "queued", seq: 4, data: "a\u2028b\u2029" });
  });

  it("reads nothing from other lines, and a log with one names it", () => {
    for (const text of ["", "Process ID = ", "--> Delivered seq=x dat=y", "<-- Queued seq=1 dat=", "hello"]) {
      expect(parseSeedLine(text), text).toBeNull();
    }
    expect(() => parseSeedLog("Process ID = 1\n\nnot a line\n")).toThrow(/line 3 is not in the seed's format/);
  });

  it("picks the Delivered lines of a log", () => {
    const log = "Process ID = 1\nSent msg a to server\n<-- Queued seq=2 dat=b\n--> Delivered seq=1 dat=a\n--> Delivered seq=2 dat=b\n";
    expect(formatSeedLog(deliveredOf(parseSeedLog(log)))).toBe("--> Delivered seq=1 dat=a\n--> Delivered seq=2 dat=b\n");
  });

  it("property: every line reads back as it was written, for any data the protocol accepts", () => {
    const data = fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" }).filter((s) => checkData(s) === null);
    const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
    const line: fc.Arbitrary<SeedLine> = fc.oneof(
      fc.record({ kind: fc.constant("joined" as const), workerId: fc.nat() }),
      fc.record({ kind: fc.constant("sent" as const), data }),
      fc.record({ kind: fc.constant("queued" as const), seq, data }),
      fc.record({ kind: fc.constant("delivered" as const), seq, data }),
    );
    checkProperty(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        expect(parseSeedLog(formatSeedLog(lines))).toEqual(lines);
      }),
    );
  });
});
