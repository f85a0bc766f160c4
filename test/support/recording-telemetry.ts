/**
 * A Telemetry that keeps what a handler counts and logs, so a test can assert the metrics the dashboard and alarms
 * read (COMMON.md's shared names) and the reasons an operator is given. The logger is the real JsonLogger,
 * silenced, with its level methods recording their arguments.
 */
import { createTelemetry, type Telemetry } from "../../lambdas/adapters/telemetry.ts";

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  /** The structured context (or the Error) given after the message. */
  extra: unknown;
}

export interface RecordingTelemetry {
  telemetry: Telemetry;
  /** Each count as `Name` or `Name{dimension=value}`, repeated `value` times. */
  counts: string[];
  logs: LogLine[];
  /** How many times the handler flushed its metrics. */
  flushes(): number;
  /** The log lines with this message. */
  logged(message: string): LogLine[];
  /** How many times this count (as written in `counts`) was added. */
  count(name: string): number;
  /** Forgets what was recorded so far. */
  clear(): void;
}

export function recordingTelemetry(service = "test"): RecordingTelemetry {
  const quiet = createTelemetry(service, { silent: true });
  const counts: string[] = [];
  const logs: LogLine[] = [];
  let flushes = 0;
  const record =
    (level: LogLine["level"]) =>
    (message: unknown, ...rest: unknown[]) =>
      void logs.push({ level, message: String(message), extra: rest[0] });
  // The real logger instance (its private fields are needed by appendKeys and the like), its level methods shadowed.
  const logger = Object.assign(quiet.logger, {
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
  });
  const telemetry: Telemetry = {
    logger,
    count(name, value = 1, dimension) {
      const label = dimension ? `${name}{${dimension.name}=${dimension.value}}` : name;
      for (let i = 0; i < value; i++) counts.push(label);
    },
    flush() {
      flushes++;
    },
  };
  return {
    telemetry,
    counts,
    logs,
    flushes: () => flushes,
    logged: (message) => logs.filter((l) => l.message === message),
    count: (name) => counts.filter((c) => c === name).length,
    clear() {
      counts.length = 0;
      logs.length = 0;
      flushes = 0;
    },
  };
}
