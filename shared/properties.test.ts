/** Property tests (fast-check) for the hold-back queue and the protocol parser. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HoldBackQueue } from "./holdback.ts";
import { ErrorCode, parseClientFrame, parseServerFrame } from "./protocol.ts";

const codes = new Set<string>(Object.values(ErrorCode));

describe("HoldBackQueue properties", () => {
  it("any arrival order, with any duplicates, delivers 1..n exactly once and in order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i + 1),
              { minLength: n, maxLength: n },
            ),
            fc.array(fc.integer({ min: 1, max: n }), { maxLength: 30 }),
          ),
        ),
        fc.nat(),
        ([n, order, extra], at) => {
          const arrivals = [...order];
          // Duplicates may come at any point, before or after their original.
          for (const seq of extra) arrivals.splice(at % (arrivals.length + 1), 0, seq);
          const queue = new HoldBackQueue();
          const delivered: number[] = [];
          for (const seq of arrivals) {
            const outcome = queue.receive({ seq });
            if (outcome.kind === "delivered") delivered.push(...outcome.deliverable.map((m) => m.seq));
          }
          expect(delivered).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          expect(queue.size).toBe(0);
        },
      ),
    );
  });

  it("never delivers past a missing seq", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 39 }), (n, missingAt) => {
        fc.pre(missingAt < n);
        const queue = new HoldBackQueue();
        for (let seq = 1; seq <= n; seq++) if (seq !== missingAt) queue.receive({ seq });
        expect(queue.lastDelivered).toBe(missingAt - 1);
        expect(queue.size).toBe(n - missingAt);
      }),
    );
  });
});

describe("protocol parser properties", () => {
  it("never throws on any string, and answers a known error code when it refuses", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const parse of [parseClientFrame, parseServerFrame]) {
          const parsed = parse(text);
          if (!parsed.ok) expect(codes.has(parsed.code)).toBe(true);
        }
      }),
    );
  });

  it("never throws on any JSON value, and accepts only well-formed messages", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const parsed = parseClientFrame(JSON.stringify(value));
        if (!parsed.ok) {
          expect(codes.has(parsed.code)).toBe(true);
          return;
        }
        expect(["hello", "send", "nack", "configure", "reset"]).toContain(parsed.message.type);
      }),
    );
  });

  it("accepts every send with valid fields, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }).filter((s) => !/\p{Cc}/u.test(s)),
        (n, data) => {
          expect(parseClientFrame(JSON.stringify({ type: "send", n, data }))).toEqual({ ok: true, message: { type: "send", n, data } });
        },
      ),
    );
  });
});
