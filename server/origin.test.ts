import { describe, expect, it } from "vitest";
import { hostAllowed, originAllowed, originHosts } from "./origin.ts";

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

describe("hostAllowed", () => {
  it("takes localhost and the listed names, with or without a port", () => {
    expect(hostAllowed("localhost:8080", [])).toBe(true);
    expect(hostAllowed("127.0.0.1:8080", [])).toBe(true);
    expect(hostAllowed("[::1]:8080", [])).toBe(true);
    expect(hostAllowed("10.0.0.5:8080", ["10.0.0.5"])).toBe(true);
    expect(hostAllowed("Teacher-Laptop.local.", ["teacher-laptop.local"])).toBe(true);
    expect(hostAllowed("[fe80::1]:8080", ["[fe80::1]"])).toBe(true);
  });

  it("refuses other names (a rebound attacker's), and missing or malformed Host headers", () => {
    expect(hostAllowed("attacker.example:8080", ["10.0.0.5"])).toBe(false);
    expect(hostAllowed("localhost.attacker.example", [])).toBe(false);
    expect(hostAllowed(undefined, ["10.0.0.5"])).toBe(false);
    expect(hostAllowed("a b", ["a b"])).toBe(false);
  });

  it("takes any name with *", () => {
    expect(hostAllowed("attacker.example", ["*"])).toBe(true);
  });

  it("reads the host names of --origin entries", () => {
    expect(originHosts(["https://class.example:8443", "*", "nonsense"])).toEqual(["class.example", "*"]);
  });
});
