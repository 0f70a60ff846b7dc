import { expect, it } from "vitest";
import { hardLimit } from "./address-limits.ts";
import { descriptorWarning, FILES_PER_ROOM, fittingConnections, parseSoftFileLimit, softFileLimit } from "./fd-limit.ts";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             127563               127563               processes
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes`;

it("reads the soft limit on open files", () => {
  expect(parseSoftFileLimit(LIMITS)).toBe(1024);
  expect(parseSoftFileLimit(LIMITS.replace("1024   ", "unlimited"))).toBe(Number.POSITIVE_INFINITY);
  expect(parseSoftFileLimit("nothing here")).toBeNull();
  const own = softFileLimit();
  expect(own === null || own > 0).toBe(true);
});

it("warns in one line when the connection cap and the rooms' files would pass the limit", () => {
  const warning = descriptorWarning(20_000, 100, 2, 1024);
  expect(warning).toMatch(/--max-connections 20000 may need about 22300 open files, but this process may open 1024/);
  expect(warning).not.toContain("\n");
  const fits = Number(/use --max-connections (\d+)/.exec(warning ?? "")?.[1]);
  expect(descriptorWarning(fits, 100, 2, 1024)).toBeNull();
  expect(descriptorWarning(fits + 1, 100, 2, 1024)).not.toBeNull();
});

it("stays quiet when everything fits, or the limit is unknown", () => {
  expect(descriptorWarning(20_000, 100, 2, 65_536)).toBeNull();
  expect(descriptorWarning(20_000, 100, 2, null)).toBeNull();
});

it("lowers the default connection cap to what fits the open-file limit, with no warning left to give", () => {
  // The default of 20,000 does not fit a limit of 20,000 once the rooms' files and a reserve are counted.
  expect(descriptorWarning(20_000, 100, FILES_PER_ROOM, 20_000)).not.toBeNull();
  const fits = fittingConnections(100, FILES_PER_ROOM, 20_000);
  expect(fits).toBeGreaterThan(10_000);
  expect(hardLimit(fits) + 100 * FILES_PER_ROOM).toBeLessThanOrEqual(20_000);
  expect(descriptorWarning(fits, 100, FILES_PER_ROOM, 20_000)).toBeNull();
  expect(descriptorWarning(fits + 1, 100, FILES_PER_ROOM, 20_000)).not.toBeNull();
});
