/**
 * Cooperative slicing of long parses: callers check `due()` in their loops and `await pause()` when it
 * says so, so no single slice holds the event loop much longer than `sliceMs` (a stall of more than
 * ~50 ms delays every critical request queued behind it).
 */
export class Slicer {
  private last = performance.now();

  constructor(private readonly sliceMs = 20) {}

  due(): boolean {
    return performance.now() - this.last >= this.sliceMs;
  }

  async pause(): Promise<void> {
    // A macrotask, not a microtask: pending I/O and timers run before the next slice.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.last = performance.now();
  }
}
