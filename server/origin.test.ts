import { expect, it } from "vitest";
import { originAllowed } from "./origin.ts";

it("lets in clients without an Origin, the page's own origin and localhost", () => {
  expect(originAllowed(undefined, "10.0.0.5:8080", [])).toBe(true);
  expect(originAllowed("http://10.0.0.5:8080", "10.0.0.5:8080", [])).toBe(true);
  expect(originAllowed("http://localhost:5173", "10.0.0.5:8080", [])).toBe(true);
});

it("refuses other sites unless they are listed, or any with *", () => {
  expect(originAllowed("https://evil.example", "10.0.0.5:8080", [])).toBe(false);
  expect(originAllowed("https://evil.example", "10.0.0.5:8080", ["https://evil.example"])).toBe(true);
  expect(originAllowed("https://evil.example", "10.0.0.5:8080", ["*"])).toBe(true);
  expect(originAllowed("null", "10.0.0.5:8080", [])).toBe(false);
  expect(originAllowed("file://x", "10.0.0.5:8080", [])).toBe(false);
});
