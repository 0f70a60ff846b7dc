import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Pages and tools import the codes, limits and types without paying for zod; only a check can keep it so.
const source = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");
const imports = (text: string) => text.match(/^import[^;]*;/gms) ?? [];

describe("the parts of the protocol with no run-time dependency", () => {
  it.each(["codes.ts", "constants.ts"])("%s imports nothing", (name) => {
    expect(imports(source(name))).toEqual([]);
  });

  it("types.ts imports only types", () => {
    for (const line of imports(source("types.ts"))) expect(line).toMatch(/^import type /);
  });
});
