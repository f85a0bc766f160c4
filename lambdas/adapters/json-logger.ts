/**
 * Structured JSON logs: one line per entry on stdout (debug, info) or stderr (warn, error), which Lambda sends to
 * CloudWatch Logs, where Logs Insights reads the fields. The lines have the shape of Powertools Logger's
 * (`level`, `message`, `timestamp`, `service`, `xray_trace_id`, then the persistent keys and the entry's own
 * fields; an Error as `{ name, location, message, stack, cause }`), so queries written for it keep working.
 *
 * Written here in place of Powertools Logger, which we used for no more than this: its import was about 20 KB of
 * each bundle and about 7 ms of each cold start (issue 9, measured with `npm run bench`), for level methods, two
 * key methods and an Error serializer. Sampling, buffering, child loggers and context injection are not needed.
 *
 * Environment (the Powertools names, kept so a deployed function is configured the same way):
 * POWERTOOLS_LOG_LEVEL, then LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL (DEBUG, INFO, WARN, ERROR, SILENT; default INFO);
 * POWERTOOLS_DEV (writes indented JSON through the global `console`, for reading logs locally).
 */

export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";
export type LogExtra = Record<string, unknown> | Error;

const RANK: Record<LogLevel, number> = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, SILENT: 28 };
/** Fields a caller's keys never replace (as in Powertools), so every line can be filtered by them. */
const RESERVED = new Set(["level", "message", "timestamp", "service", "xray_trace_id"]);

/** A log level named in the environment, or INFO. Unknown names (and TRACE/CRITICAL) fall to the nearest. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const named = (env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL || env.AWS_LAMBDA_LOG_LEVEL || "").toUpperCase();
  if (named === "TRACE") return "DEBUG";
  if (named === "CRITICAL" || named === "FATAL") return "ERROR";
  return named in RANK ? (named as LogLevel) : "INFO";
}

/** Where a finished line goes; `level` picks the stream. */
export type LogWrite = (level: Exclude<LogLevel, "SILENT">, line: string) => void;

const writeToStreams: LogWrite = (level, line) =>
  void (level === "WARN" || level === "ERROR" ? process.stderr : process.stdout).write(`${line}\n`);

const writeToConsole: LogWrite = (level, line) => {
  const method =
    level === "DEBUG" ? "debug" : level === "INFO" ? "info" : level === "WARN" ? "warn" : "error";
  console[method](line);
};

/** An Error as plain fields, its `cause` too (to a depth of 5, which no real chain needs). */
export function serialiseError(error: Error, depth = 0): Record<string, unknown> {
  const frame = /\(([^()]+:\d+):\d+\)|at ([^\s()]+:\d+):\d+/.exec(error.stack ?? "");
  const out: Record<string, unknown> = {
    name: error.name,
    location: frame ? (frame[1] ?? frame[2]) : "",
    message: error.message,
    stack: error.stack,
  };
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined)
    out.cause = cause instanceof Error && depth < 5 ? serialiseError(cause, depth + 1) : cause;
  return out;
}

/** JSON.stringify's replacer for log fields: Errors as fields, bigints as text, repeated objects cut. */
function replacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return serialiseError(value);
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) return "[Circular]";
      seen.add(value);
    }
    return value;
  };
}

export interface JsonLoggerOptions {
  service: string;
  /** Default: from the environment (levelFromEnv). */
  level?: LogLevel;
  /** Default: stdout/stderr, or the global console when POWERTOOLS_DEV is set. */
  write?: LogWrite;
  now?: () => Date;
}

export class JsonLogger {
  private readonly service: string;
  private readonly threshold: number;
  private readonly write: LogWrite;
  private readonly now: () => Date;
  private readonly indent: number;
  private keys: Record<string, unknown> = {};

  constructor(options: JsonLoggerOptions) {
    const dev = /^(?:1|true)$/i.test(process.env.POWERTOOLS_DEV ?? "");
    this.service = options.service;
    this.threshold = RANK[options.level ?? levelFromEnv()];
    this.write = options.write ?? (dev ? writeToConsole : writeToStreams);
    this.now = options.now ?? (() => new Date());
    this.indent = dev && !options.write ? 4 : 0;
  }

  debug(message: string, ...extra: LogExtra[]): void {
    this.log("DEBUG", message, extra);
  }
  info(message: string, ...extra: LogExtra[]): void {
    this.log("INFO", message, extra);
  }
  warn(message: string, ...extra: LogExtra[]): void {
    this.log("WARN", message, extra);
  }
  error(message: string, ...extra: LogExtra[]): void {
    this.log("ERROR", message, extra);
  }

  /** Adds fields to every later line (e.g. the request id), until removed. */
  appendKeys(keys: Record<string, unknown>): void {
    const next = { ...this.keys };
    for (const [key, value] of Object.entries(keys)) if (!RESERVED.has(key)) next[key] = value;
    this.keys = next;
  }

  removeKeys(names: readonly string[]): void {
    const keys = { ...this.keys };
    for (const name of names) delete keys[name];
    this.keys = keys;
  }

  private log(level: Exclude<LogLevel, "SILENT">, message: string, extra: LogExtra[]): void {
    if (RANK[level] < this.threshold) return;
    const trace = process.env._X_AMZN_TRACE_ID;
    const entry: Record<string, unknown> = {
      level,
      message,
      timestamp: this.now().toISOString(),
      service: this.service,
      ...(trace ? { xray_trace_id: /Root=([^;]+)/.exec(trace)?.[1] ?? trace } : {}),
      ...this.keys,
    };
    for (const item of extra) {
      if (item instanceof Error) entry.error = item;
      else for (const [key, value] of Object.entries(item)) if (!RESERVED.has(key)) entry[key] = value;
    }
    this.write(level, JSON.stringify(entry, replacer(), this.indent));
  }
}
