import { AppError } from "../../src/errors.ts";

/** Runs `fn` and returns the AppError it throws (fails the test when it throws nothing or something else). */
export function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}
