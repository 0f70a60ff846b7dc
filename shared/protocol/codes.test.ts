import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CloseCode, ErrorCode } from "./codes.ts";

// docs/PROTOCOL.md is how other people's workers learn the codes: it must list every one, and no other.
const doc = readFileSync(new URL("../../docs/PROTOCOL.md", import.meta.url), "utf8");

/** The table rows of one section, from its heading to the next heading. */
function rows(heading: string): string[][] {
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/PROTOCOL.md has no heading "${heading}"`);
  const end = doc.indexOf("\n#", start + heading.length + 2);
  return doc
    .slice(start, end < 0 ? undefined : end)
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const sorted = <T>(values: Iterable<T>) => [...values].sort();

describe("docs/PROTOCOL.md lists exactly the codes in the source", () => {
  it("error codes (section 5.2)", () => {
    const documented = rows("### 5.2 Error codes").map(([code]) => code?.replace(/`/g, ""));
    expect(sorted(documented)).toEqual(sorted(Object.values(ErrorCode)));
  });

  it("close codes and their names (section 5.3)", () => {
    const documented = rows("### 5.3 Close codes").map(([code, name]) => [Number(code?.replace(/\*/g, "")), name?.replace(/`/g, "")]);
    const source = Object.entries(CloseCode).map(([name, code]) => [code, name]);
    expect(sorted(documented.map((pair) => pair.join(" ")))).toEqual(sorted(source.map((pair) => pair.join(" "))));
  });
});
