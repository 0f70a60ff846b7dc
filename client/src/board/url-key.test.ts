import { expect, it } from "vitest";
import { takeBoardKey, withoutKey } from "./url-key.ts";

function fakes(kept: string | null = null) {
  const items = new Map<string, string>(kept === null ? [] : [["ordercast-key", kept]]);
  const storage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
  const replaced: string[] = [];
  const history = { state: { page: 1 }, replaceState: (_data: unknown, _unused: string, url: string) => void replaced.push(url) };
  return { items, storage, history, replaced };
}

it("reads the key from the address, keeps it for the tab, and takes it out of the address bar", () => {
  const { items, storage, history, replaced } = fakes();
  expect(takeBoardKey("http://10.0.0.5:8080/board?room=b&key=s3cret-key#x", history, storage)).toBe("s3cret-key");
  expect(items.get("ordercast-key")).toBe("s3cret-key");
  expect(replaced).toEqual(["http://10.0.0.5:8080/board?room=b#x"]);
});

it("uses the tab's kept key when the address has none, and leaves such an address alone", () => {
  const { storage, history, replaced } = fakes("kept-key-123");
  expect(takeBoardKey("http://localhost:8080/board", history, storage)).toBe("kept-key-123");
  expect(replaced).toEqual([]);
});

it("removes only the key parameter", () => {
  expect(withoutKey("http://h/board?key=a")).toBe("http://h/board");
  expect(withoutKey("http://h/board?room=r")).toBeNull();
});
