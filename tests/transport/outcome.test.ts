import { describe, expect, test } from "bun:test";
import { decodeOutcome, encodeOutcome, failureOf, outcomeOf, unwrap } from "../../src/transport/outcome.ts";
import { NotFoundError } from "../../src/errors.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { thrown } from "../_support/thrown.ts";

describe("job outcomes in the result store", () => {
  test("a JSON result is stored as its serialized text and handed back verbatim, never re-parsed", () => {
    const value = { name: "Area 44 (IFG)", note: "line\nbreak", nested: [1, { é: null }] };
    const stored = encodeOutcome(outcomeOf(value));
    expect(stored).toBe(`{"status":200}\n${JSON.stringify(value)}`);
    const back = unwrap<RawJson>(decodeOutcome(stored));
    expect(back).toBeInstanceOf(RawJson);
    expect(back.text).toBe(JSON.stringify(value));
  });

  test("a RawJson result is stored as is", () => {
    const text = '{"a":1,  "b":[2]}';
    expect(encodeOutcome(outcomeOf(new RawJson(text)))).toBe(`{"status":200}\n${text}`);
  });

  test("an error keeps its status and body and is thrown again on the other side", () => {
    const stored = encodeOutcome(failureOf(new NotFoundError("no atlas x")));
    const err = thrown(() => unwrap(decodeOutcome(stored)));
    expect(err).toMatchObject({ status: 404, body: { detail: "Cannot find item", error: "no atlas x" } });
    expect(decodeOutcome(encodeOutcome(failureOf(new Error("boom"))))).toEqual({
      status: 500,
      error: { detail: "Some error occurred", error: "boom" },
    });
  });

  test("a value without its head is refused rather than guessed", () => {
    expect(() => decodeOutcome('{"status":200,"body":"{}"}')).toThrow("without a head");
  });
});
