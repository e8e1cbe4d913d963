import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diskTaskStore } from "../../src/downloads/disk-task-store.ts";

const root = mkdtempSync(join(tmpdir(), "disk-task-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TTL = 600;
let dirs = 0;

/** A store in a fresh folder on a clock the test moves. */
function setup(maxBytes = 1_000_000) {
  const dir = join(root, `d${dirs++}`);
  let t = 1_000_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const store = diskTaskStore({ dir, maxBytes, orphanTtlSeconds: TTL, sweepEveryMs: 0, now: clock.now });
  return { dir, clock, store };
}

const zip = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const success = (bytes: number) => ({ state: "SUCCESS" as const, createdAt: 1, filename: "x.zip", bytes, chunks: 1 });

/** Deletions run in the background: wait until the folder holds exactly these zips. */
async function zipsOnDisk(dir: string, expected: string[]): Promise<string[]> {
  let names: string[] = [];
  for (let i = 0; i < 100; i++) {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".zip"))
      .sort();
    if (JSON.stringify(names) === JSON.stringify(expected)) break;
    await Bun.sleep(10);
  }
  return names;
}

describe("diskTaskStore", () => {
  test("a zip goes to <dir>/<id>.zip and reads back whole; the record beside it in <id>.json", async () => {
    const { dir, store } = setup();
    const bytes = zip(300_000, 7);
    bytes[12_345] = 1;
    await store.putRecord("a-1", success(bytes.byteLength), TTL);
    expect(await store.putFile("a-1", bytes, TTL)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["a-1.json", "a-1.zip"]);
    expect(new Uint8Array(await Bun.file(join(dir, "a-1.zip")).arrayBuffer())).toEqual(bytes);
    expect(await store.getFile("a-1", 1)).toEqual(bytes);
    expect(await store.getRecord("a-1")).toEqual(success(bytes.byteLength));
    expect(await store.getFile("unknown", 1)).toBeNull();
  });

  test("an expired zip is deleted from disk when read, and its task reads as gone", async () => {
    const { dir, clock, store } = setup();
    await store.putRecord("old", success(10), TTL);
    await store.putFile("old", zip(10, 1), TTL);
    clock.advance(TTL * 1000 - 1);
    expect(await store.getFile("old", 1)).toEqual(zip(10, 1));
    clock.advance(1);
    expect(await store.getFile("old", 1)).toBeNull();
    expect(await zipsOnDisk(dir, [])).toEqual([]);
    expect(await store.getRecord("old")).toBeNull();
  });

  test("expired tasks nobody reads are deleted by the next sweep", async () => {
    const { dir, clock, store } = setup();
    await store.putRecord("stale", success(10), TTL);
    await store.putFile("stale", zip(10, 1), TTL);
    clock.advance(TTL * 1000);
    await store.putRecord("fresh", success(10), TTL);
    await store.putFile("fresh", zip(10, 2), TTL);
    expect(await zipsOnDisk(dir, ["fresh.zip"])).toEqual(["fresh.zip"]);
    expect(existsSync(join(dir, "stale.json"))).toBe(false);
  });

  test("over the byte bound the oldest zips are deleted first, and their tasks read as gone", async () => {
    const { dir, store } = setup(250);
    for (const [id, fill] of [
      ["first", 1],
      ["second", 2],
      ["third", 3],
    ] as const) {
      await store.putRecord(id, success(100), TTL);
      await store.putFile(id, zip(100, fill), TTL);
    }
    expect(await zipsOnDisk(dir, ["second.zip", "third.zip"])).toEqual(["second.zip", "third.zip"]);
    expect(await store.getFile("first", 1)).toBeNull();
    expect(await store.getRecord("first")).toBeNull();
    expect(await store.getFile("third", 1)).toEqual(zip(100, 3));
    await expect(store.putFile("huge", zip(251, 4), TTL)).rejects.toThrow("exceeds the store");
    expect(await store.getFile("second", 1)).toEqual(zip(100, 2));
  });

  test("zips of an earlier run are deleted once older than a task lives; recent ones are left", async () => {
    const { dir, clock, store } = setup();
    await store.putRecord("mine", success(10), TTL);
    await store.putFile("mine", zip(10, 1), TTL);
    const seconds = clock.now() / 1000;
    writeFileSync(join(dir, "earlier.zip"), "x");
    utimesSync(join(dir, "earlier.zip"), seconds - TTL - 1, seconds - TTL - 1);
    writeFileSync(join(dir, "recent.zip"), "y");
    utimesSync(join(dir, "recent.zip"), seconds - 10, seconds - 10);
    await store.putRecord("any", { state: "PENDING", createdAt: 1 }, TTL);
    expect(await zipsOnDisk(dir, ["mine.zip", "recent.zip"])).toEqual(["mine.zip", "recent.zip"]);
  });

  test("an id that is not a plain token never becomes a path", async () => {
    const { dir, store } = setup();
    await expect(store.putFile("../escape", zip(1, 1), TTL)).rejects.toThrow("cannot name a file");
    expect(existsSync(join(dir, "..", "escape.zip"))).toBe(false);
  });

  test("another instance on the same folder (a job thread) sees the same tasks", async () => {
    const { dir, store } = setup();
    const thread = diskTaskStore({ dir, maxBytes: 1_000_000, orphanTtlSeconds: TTL, sweepEveryMs: 0 });
    expect(store.shared).toBe(true);
    await thread.putRecord("built-there", success(3), TTL);
    await thread.putFile("built-there", zip(3, 9), TTL);
    expect(await store.getRecord("built-there")).toEqual(success(3));
    expect(await store.getFile("built-there", 1)).toEqual(zip(3, 9));
  });

  test("a zip is streamed from disk as it is sent, byte for byte", async () => {
    const { store } = setup();
    const bytes = zip(700_000, 5);
    bytes[654_321] = 9;
    await store.putRecord("streamed", success(bytes.byteLength), TTL);
    await store.putFile("streamed", bytes, TTL);
    const stream = store.openFile?.("streamed", 1);
    expect(new Uint8Array(await new Response(stream).arrayBuffer())).toEqual(bytes);
  });
});
