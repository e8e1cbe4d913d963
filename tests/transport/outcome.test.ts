import { describe, expect, test } from "bun:test";
import { answerOf, decodeOutcome, encodeOutcome, failureOf, outcomeOf } from "../../src/transport/outcome.ts";
import { toAnswer } from "../../src/transport/answer.ts";
import { AppError, NotFoundError } from "../../src/errors.ts";
import { FileBody } from "../../src/lib/file-body.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import type { HeldAnswer } from "../../src/transport/answer.ts";

/** Worker → Redis → server: what the server gets back from what the worker answered. */
const roundTrip = (answer: HeldAnswer) => answerOf(decodeOutcome(encodeOutcome(outcomeOf(answer))));

describe("job outcomes in the result store", () => {
  test("a JSON answer is stored as its serialized text and handed back verbatim, never re-parsed", () => {
    const value = { name: "Area 44 (IFG)", note: "line\nbreak", nested: [1, { é: null }] };
    const stored = encodeOutcome(outcomeOf(toAnswer(value, false)));
    expect(stored).toBe(`{"status":200}\n${JSON.stringify(value)}`);
    const back = answerOf(decodeOutcome(stored));
    expect(back).toBeInstanceOf(RawJson);
    expect((back as RawJson).text).toBe(JSON.stringify(value));
    expect((back as RawJson).partial).toBe(false);
  });

  test("a RawJson answer is stored as is, whitespace included", () => {
    const text = '{"a":1,  "b":[2]}';
    expect(encodeOutcome(outcomeOf(new RawJson(text)))).toBe(`{"status":200}\n${text}`);
    expect((roundTrip(new RawJson(text)) as RawJson).text).toBe(text);
  });

  test("a partial JSON answer carries the flag in its head and keeps it on the way back", () => {
    const text = '{"datasets":[]}';
    const stored = encodeOutcome(outcomeOf(new RawJson(text, true)));
    expect(stored).toBe(`{"status":200,"partial":true}\n${text}`);
    const back = answerOf(decodeOutcome(stored));
    expect(back).toBeInstanceOf(RawJson);
    expect(back).toMatchObject({ text, partial: true });
  });

  test("a file keeps its bytes, media type, headers and partial flag", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const partial of [false, true]) {
      const back = roundTrip(new FileBody(bytes, "application/zip", { "content-disposition": "a" }, partial));
      expect(back).toBeInstanceOf(FileBody);
      const file = back as FileBody;
      expect(file.bytes).toEqual(bytes);
      expect(file.contentType).toBe("application/zip");
      expect(file.headers).toEqual({ "content-disposition": "a" });
      expect(file.partial).toBe(partial);
    }
  });

  test("an error comes back as the AppError it stands for, with its status and body", () => {
    const back = answerOf(decodeOutcome(encodeOutcome(failureOf(new NotFoundError("no atlas x")))));
    expect(back).toBeInstanceOf(AppError);
    expect(back).toMatchObject({ status: 404, body: { detail: "Cannot find item", error: "no atlas x" } });
    expect(decodeOutcome(encodeOutcome(failureOf(new Error("boom"))))).toEqual({
      status: 500,
      error: { detail: "Some error occurred", error: "boom" },
    });
  });

  test("a value without its head is refused rather than guessed", () => {
    expect(() => decodeOutcome('{"status":200,"body":"{}"}')).toThrow("without a head");
  });
});
