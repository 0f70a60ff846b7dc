/** Property tests (fast-check, seeded: shared/testing/fast-check.ts) for the hold-back queue and the protocol parser. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HoldBackQueue } from "./holdback.ts";
import { ErrorCode, parseClientFrame, parseServerFrame } from "./protocol.ts";
import { CLIENT_TYPES, validClientMessage, validClientMessages, validData } from "./testing/client-messages.ts";
import { checkProperty } from "./testing/fast-check.ts";

const codes = new Set<string>(Object.values(ErrorCode));

describe("HoldBackQueue properties", () => {
  it("any arrival order, with any duplicates, delivers 1..n exactly once and in order", () => {
    checkProperty(
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
    checkProperty(
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
    checkProperty(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const parse of [parseClientFrame, parseServerFrame]) {
          const parsed = parse(text);
          if (!parsed.ok) expect(codes.has(parsed.code)).toBe(true);
        }
      }),
    );
  });

  it("never throws on any JSON value, and accepts only messages of a client type", () => {
    checkProperty(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const parsed = parseClientFrame(JSON.stringify(value));
        if (!parsed.ok) {
          expect(codes.has(parsed.code)).toBe(true);
          return;
        }
        expect(CLIENT_TYPES).toContain(parsed.message.type);
      }),
    );
  });

  for (const type of CLIENT_TYPES) {
    it(`accepts every well-formed "${type}" message, as it was sent`, () => {
      checkProperty(
        fc.property(validClientMessages[type], (message) => {
          const text = JSON.stringify(message);
          expect(parseClientFrame(text)).toEqual({ ok: true, message: JSON.parse(text) });
        }),
      );
    });
  }

  it("refuses a well-formed message whose type is not a client type, server types and Object's own keys included", () => {
    const otherType = fc.oneof(
      fc.constantFrom(
        "welcome",
        "stamped",
        "ack",
        "head",
        "settings",
        "board",
        "error",
        "__proto__",
        "constructor",
        "toString",
        "Hello",
        "SEND",
        "",
      ),
      fc.string({ maxLength: 20 }),
    );
    checkProperty(
      fc.property(validClientMessage, otherType, (message, type) => {
        fc.pre(!(CLIENT_TYPES as string[]).includes(type));
        expect(parseClientFrame(JSON.stringify({ ...message, type }))).toMatchObject({ ok: false, code: ErrorCode.UnknownType });
      }),
    );
  });

  it("accepts every send with valid fields, whatever the text", () => {
    checkProperty(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), validData, (n, data) => {
        expect(parseClientFrame(JSON.stringify({ type: "send", n, data }))).toEqual({ ok: true, message: { type: "send", n, data } });
      }),
    );
  });
});
