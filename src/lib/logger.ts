export type Logger = {
  /** False when info lines are dropped, so hot paths can skip formatting them. */
  readonly infoEnabled: boolean;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

const LEVELS = { info: 0, warn: 1, error: 2, silent: 3 } as const;

/** Console logger with a minimum level (tests and benchmarks run `silent`). */
export function consoleLogger(level: keyof typeof LEVELS): Logger {
  const min = LEVELS[level];
  return {
    infoEnabled: min <= 0,
    info: (m) => min <= 0 && console.log(m),
    warn: (m) => min <= 1 && console.warn(m),
    error: (m) => min <= 2 && console.error(m),
  };
}
