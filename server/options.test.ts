import { describe, expect, it } from "vitest";
import { DEFAULTS, parseServerOptions, UsageError } from "./options.ts";

describe("parseServerOptions", () => {
  it("uses the defaults, and PORT from the environment", () => {
    expect(parseServerOptions([], {})).toMatchObject({ port: 8080, delay: DEFAULTS.delay, jitter: DEFAULTS.jitter, seed: null });
    expect(parseServerOptions([], { PORT: "9000" })?.port).toBe(9000);
    expect(parseServerOptions(["--port", "9001"], { PORT: "9000" })?.port).toBe(9001);
  });

  it("reads the network flags", () => {
    expect(parseServerOptions(["--delay", "0", "--jitter", "0", "--seed", "12"], {})).toMatchObject({ delay: 0, jitter: 0, seed: 12 });
  });

  it.each([
    [["--port", "abc"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be a whole number from 0 to 65535/],
    [["--delay", "-5"], /--delay/],
    [["--jitter", "1.5"], /--jitter/],
    [["--bogus"], /bogus/],
    [["--delay", "-1"], /--delay must not be negative/],
    [["--loss", "5%"], /--loss must be a chance from 0 to 1/],
    [["--loss", "1.5"], /--loss must be a chance/],
    [["--memory", "--data", "x"], /exclude each other/],
    [["--key", "short"], /--key must be 8 to 200/],
  ])("refuses %j with a clear message", (argv, message) => {
    expect(() => parseServerOptions(argv, {})).toThrow(UsageError);
    expect(() => parseServerOptions(argv, {})).toThrow(message);
  });

  it("reads loss, duplication and storage", () => {
    expect(parseServerOptions(["--loss", "0.05", "--dup", ".5"], {})).toMatchObject({ loss: 0.05, dup: 0.5, data: "data" });
    expect(parseServerOptions(["--memory"], {})?.data).toBeNull();
  });

  it("returns null for --help", () => {
    expect(parseServerOptions(["--help"], {})).toBeNull();
  });
});

describe("where the server listens", () => {
  it("listens on every interface by default, and on loopback only with --dev unless --host says otherwise", () => {
    expect(parseServerOptions([], {})?.host).toBe("0.0.0.0");
    expect(parseServerOptions(["--dev"], {})?.host).toBe("127.0.0.1");
    expect(parseServerOptions(["--dev", "--host", "0.0.0.0"], {})?.host).toBe("0.0.0.0");
  });
});

describe("connection limits", () => {
  it("reads --max-per-address and --max-watchers, with defaults", () => {
    expect(parseServerOptions([], {})).toMatchObject({ maxPerAddress: DEFAULTS.maxPerAddress, maxWatchers: DEFAULTS.maxWatchers });
    expect(parseServerOptions(["--max-per-address", "50", "--max-watchers", "3"], {})).toMatchObject({ maxPerAddress: 50, maxWatchers: 3 });
    expect(() => parseServerOptions(["--max-per-address", "x"], {})).toThrow(/--max-per-address must be a whole number/);
  });
});
