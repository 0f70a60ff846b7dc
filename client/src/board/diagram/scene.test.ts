import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkProperty } from "../../../../shared/testing/fast-check.ts";
import { followCaption } from "./caption.ts";
import type { DiagramData, DiagramLane, DiagramMessage, DiagramRow } from "./model.ts";
import { DIGIT_WIDTH, flightLines, layoutScene, MIN_LANE_HEIGHT } from "./scene.ts";
import { chooseWindow, DEFAULT_SPAN, MIN_WINDOW_MS, pan, zoomIn, zoomOut } from "./window.ts";

const PRESENTER = { width: 1280, height: 540, font: 20 };

/** `count` messages stamped 40 ms apart from t=1000, each reaching every lane `delay(seq, lane)` ms later. */
function run(count: number, laneCount: number, delay: (seq: number, lane: number) => number, followed: number | null = null): DiagramData {
  const messages = new Map<number, DiagramMessage>();
  for (let seq = 1; seq <= count; seq++)
    messages.set(seq, { seq, stampedAt: 1000 + 40 * seq, from: 1 + (seq % laneCount), sentAt: 960 + 40 * seq });
  const lanes: DiagramLane[] = Array.from({ length: laneCount }, (_, i) => {
    const rows = new Map<number, DiagramRow>();
    let delivered = 0;
    for (let seq = 1; seq <= count; seq++) {
      const arrivedAt = 1000 + 40 * seq + delay(seq, i);
      delivered = Math.max(delivered, arrivedAt);
      rows.set(seq, { seq, sentAt: 1000 + 40 * seq, arrivedAt, deliveredAt: delivered });
    }
    return { id: i + 1, name: String.fromCharCode(65 + i), colour: "#000", order: 0, online: true, offline: [], rows };
  });
  return { messages, lanes, flights: [], followed };
}

describe("the diagram's window", () => {
  it("fits the last N messages, from the first one's send to the last delivery", () => {
    const data = run(100, 3, () => 50);
    const window = chooseWindow(data, { span: DEFAULT_SPAN, until: null }, 99_999);
    expect([window.first, window.last, window.live]).toEqual([71, 100, true]);
    expect(window.start).toBeLessThan(960 + 40 * 71);
    expect(window.start).toBeGreaterThan(960 + 40 * 60);
    expect(window.end).toBeGreaterThan(1000 + 40 * 100 + 50);
    expect(window.end).toBeLessThan(1000 + 40 * 100 + 50 + 400);
  });

  it("leaves out messages from before the board watched: stamped, but not seen reaching anyone", () => {
    const data = run(40, 2, () => 10);
    const watchedLate = {
      ...data,
      lanes: data.lanes.map((lane) => ({ ...lane, rows: new Map([...lane.rows].filter(([seq]) => seq >= 25)) })),
    };
    expect(chooseWindow(watchedLate, { span: 30, until: null }, 1e5)).toMatchObject({ first: 25, last: 40 });
    const nothingSeen = { ...data, lanes: data.lanes.map((lane) => ({ ...lane, rows: new Map() })) };
    expect(chooseWindow(nothingSeen, { span: 30, until: null }, 1e5)).toMatchObject({ first: 41, last: 40 });
  });

  it("is never narrower than MIN_WINDOW_MS, and reaches a flight still on its way", () => {
    const data = { ...run(2, 1, () => 0), flights: [{ worker: 1, seq: 2, dueAt: 9000, held: false }] };
    const window = chooseWindow(data, { span: 30, until: null }, 1100);
    expect(window.end).toBeGreaterThanOrEqual(9000);
    const still = chooseWindow(
      run(2, 1, () => 0),
      { span: 30, until: null },
      1100,
    );
    expect(still.end - still.start).toBeGreaterThanOrEqual(MIN_WINDOW_MS);
  });

  it("zooms between its bounds and pans back, returning to live at the newest", () => {
    expect(zoomIn({ span: 30, until: null }).span).toBe(20);
    expect(zoomOut({ span: 30, until: null }).span).toBe(45);
    expect(zoomIn({ span: 5, until: null }).span).toBe(5);
    const back = pan({ span: 30, until: null }, 15, 100);
    expect(back.until).toBe(85);
    expect(
      chooseWindow(
        run(100, 1, () => 0),
        back,
        0,
      ),
    ).toMatchObject({ first: 56, last: 85, live: false });
    expect(pan(back, -20, 100).until).toBeNull();
    expect(pan({ span: 30, until: null }, 500, 100).until).toBe(30);
  });
});

describe("the diagram's layout", () => {
  it("marks every part of the followed message, and only those", () => {
    const data = run(30, 3, (seq, lane) => (seq * 37 + lane * 101) % 400, 12);
    const scene = layoutScene(data, chooseWindow(data, { span: 30, until: null }, 10_000), PRESENTER, 10_000);
    const followed = [...scene.uplinks, ...scene.stamps, ...scene.downlinks, ...scene.deliveries, ...scene.labels].filter(
      (m) => m.followed,
    );
    expect(new Set(followed.map((m) => m.seq))).toEqual(new Set([12]));
    expect(scene.downlinks.filter((d) => d.followed)).toHaveLength(3);
    expect(scene.uplinks.filter((d) => d.followed)).toHaveLength(1);
    expect(scene.labels.some((l) => l.followed && l.worker === null)).toBe(true);
    expect(scene.downlinks.filter((d) => !d.followed).every((d) => d.fade < 0.5)).toBe(true);
  });

  it("fades older messages' arrows, the newest fully drawn", () => {
    const data = run(30, 1, () => 100);
    const scene = layoutScene(data, chooseWindow(data, { span: 30, until: null }, 10_000), PRESENTER, 10_000);
    const fadeOf = (seq: number) => scene.downlinks.find((d) => d.seq === seq)?.fade ?? -1;
    expect(fadeOf(30)).toBe(1);
    expect(fadeOf(1)).toBeLessThan(fadeOf(15));
    expect(fadeOf(15)).toBeLessThan(fadeOf(30));
  });

  it("draws a time away, clipped to the window, and counts lanes with no room", () => {
    const data = run(10, 40, () => 10);
    const away: DiagramLane = { ...(data.lanes[0] as DiagramLane), online: false, offline: [[1200, null]] };
    const withAway = { ...data, lanes: [away, ...data.lanes.slice(1)] };
    const window = chooseWindow(withAway, { span: 30, until: null }, 1500);
    const scene = layoutScene(withAway, window, PRESENTER, 1500);
    expect(scene.lanes[0]?.away).toHaveLength(1);
    expect(scene.lanes[0]?.away[0]?.x).toBeCloseTo(scene.x(1200));
    expect(scene.lanes.every((lane) => lane.height >= MIN_LANE_HEIGHT)).toBe(true);
    expect(scene.hidden).toBe(40 - scene.lanes.length);
    expect(scene.hidden).toBeGreaterThan(0);
  });

  it("never lets two seq labels overlap, whatever the timing", () => {
    const box = (l: { seq: number; x: number; y: number }) => {
      const w = String(l.seq).length * PRESENTER.font * DIGIT_WIDTH;
      return { left: l.x - w / 2, right: l.x + w / 2, top: l.y - PRESENTER.font, bottom: l.y };
    };
    checkProperty(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 7, maxLength: 7 }),
        (count, laneCount, delays) => {
          const data = run(count, laneCount, (seq, lane) => (delays[(seq + lane) % 7] ?? 0) + seq * lane);
          const scene = layoutScene(data, chooseWindow(data, { span: 30, until: null }, 1e6), PRESENTER, 1e6);
          const boxes = scene.labels.map(box);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i];
              const b = boxes[j];
              if (!a || !b) continue;
              const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
              if (!apart) return false;
            }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("what the diagram says is true", () => {
  it("draws a message not landed yet short of its lane, and one due but held as held", () => {
    const data = { ...run(2, 1, () => 0), flights: [{ worker: 1, seq: 2, dueAt: 1200, held: false }] };
    const window = chooseWindow(data, { span: 30, until: null }, 5000);
    const scene = layoutScene(data, window, PRESENTER, 5000);
    const [late] = flightLines(data, scene, window, 5000);
    expect(late?.held).toBe(true);
    expect(late?.y2).toBeLessThan((scene.laneY.get(1) ?? 0) - 10);
  });

  it("ends the wait of a worker that went away where it went", () => {
    const data = run(3, 1, () => 0);
    const lane = data.lanes[0] as DiagramLane;
    const rows = new Map(lane.rows);
    rows.set(3, { seq: 3, sentAt: 1120, arrivedAt: 1130, deliveredAt: null });
    const away = { ...data, lanes: [{ ...lane, rows, online: false, offline: [[1500, null]] as [number, null][] }] };
    const window = chooseWindow(away, { span: 30, until: null }, 9000);
    const scene = layoutScene(away, window, PRESENTER, 9000);
    const wait = scene.waits.find((w) => w.seq === 3);
    expect(wait && wait.x + wait.width).toBeCloseTo(scene.x(1500));
  });

  it("says who delivered a followed message, and nothing of lanes that no longer keep it", () => {
    const data = run(5, 2, () => 10);
    expect(followCaption(data, 3)).toBe("Following #3, sent by B, delivered by 2 of 2.");
    const forgetful = { ...data, lanes: data.lanes.map((lane) => ({ ...lane, rows: new Map([...lane.rows].filter(([seq]) => seq > 4)) })) };
    expect(followCaption({ ...forgetful, messages: new Map() }, 3)).toMatch(/older than what this board keeps/);
    expect(followCaption(forgetful, 3)).toBe("Following #3, sent by B; this board no longer keeps where it arrived.");
  });
});
