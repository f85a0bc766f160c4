/** The structured logger behind Telemetry.logger: one JSON line per entry, the fields operators filter on. */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  JsonLogger,
  type LogLevel,
  levelFromEnv,
  serialiseError,
} from "../../lambdas/adapters/json-logger.ts";

const NOW = new Date("2026-05-01T12:00:00.000Z");

function capture(level?: LogLevel) {
  const lines: { level: string; line: string }[] = [];
  const logger = new JsonLogger({
    service: "ingest-api",
    ...(level ? { level } : {}),
    now: () => NOW,
    write: (lvl, line) => void lines.push({ level: lvl, line }),
  });
  const entries = () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>);
  return { logger, lines, entries };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("JsonLogger", () => {
  it("writes one line per entry with level, message, timestamp and service first, then the entry's fields", () => {
    const { logger, lines, entries } = capture("DEBUG");
    logger.info("article stored", { articleId: "a1", topics: ["deadline"] });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line).not.toContain("\n");
    expect(Object.keys(entries()[0] ?? {})).toEqual([
      "level",
      "message",
      "timestamp",
      "service",
      "articleId",
      "topics",
    ]);
    expect(entries()[0]).toEqual({
      level: "INFO",
      message: "article stored",
      timestamp: "2026-05-01T12:00:00.000Z",
      service: "ingest-api",
      articleId: "a1",
      topics: ["deadline"],
    });
  });

  it.each([
    ["DEBUG", ["DEBUG", "INFO", "WARN", "ERROR"]],
    ["INFO", ["INFO", "WARN", "ERROR"]],
    ["WARN", ["WARN", "ERROR"]],
    ["ERROR", ["ERROR"]],
    ["SILENT", []],
  ] as const)("at level %s writes only %j", (level, written) => {
    const { logger, lines } = capture(level);
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => l.level)).toEqual(written);
  });

  it("takes its level from POWERTOOLS_LOG_LEVEL, then LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL, else INFO", () => {
    expect(levelFromEnv({})).toBe("INFO");
    expect(levelFromEnv({ AWS_LAMBDA_LOG_LEVEL: "warn" })).toBe("WARN");
    expect(levelFromEnv({ LOG_LEVEL: "error", AWS_LAMBDA_LOG_LEVEL: "warn" })).toBe("ERROR");
    expect(levelFromEnv({ POWERTOOLS_LOG_LEVEL: "debug", LOG_LEVEL: "error" })).toBe("DEBUG");
    expect(levelFromEnv({ LOG_LEVEL: "TRACE" })).toBe("DEBUG");
    expect(levelFromEnv({ LOG_LEVEL: "critical" })).toBe("ERROR");
    expect(levelFromEnv({ LOG_LEVEL: "loud" })).toBe("INFO");
    vi.stubEnv("LOG_LEVEL", "ERROR");
    const lines: string[] = [];
    const logger = new JsonLogger({ service: "s", write: (_l, line) => void lines.push(line) });
    logger.warn("dropped");
    logger.error("kept");
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(["kept"]);
  });

  it("keeps appended keys on every later line until they are removed", () => {
    const { logger, entries } = capture();
    logger.appendKeys({ requestId: "r-1", stage: "prod" });
    logger.info("one");
    logger.removeKeys(["requestId"]);
    logger.info("two", { requestId: "given" });
    logger.info("three");
    expect(entries().map((e) => [e.requestId, e.stage])).toEqual([
      ["r-1", "prod"],
      ["given", "prod"],
      [undefined, "prod"],
    ]);
  });

  it("never lets a caller's fields replace level, message, timestamp or service", () => {
    const { logger, entries } = capture();
    logger.appendKeys({ service: "other", level: "DEBUG" });
    logger.warn("request rejected", { message: "inner", timestamp: "then", reason: "too big" });
    expect(entries()[0]).toMatchObject({
      level: "WARN",
      message: "request rejected",
      timestamp: NOW.toISOString(),
      service: "ingest-api",
      reason: "too big",
    });
  });

  it("writes an Error given alone as `error`, and an Error inside the fields as its name, message and stack", () => {
    const { logger, entries } = capture();
    const root = new TypeError("socket hang up");
    const failure = new Error("publish failed", { cause: root });
    logger.error("unexpected failure", failure);
    logger.warn("feed poll failed", { feedId: "f1", error: root });
    const [first, second] = entries();
    expect(first?.error).toMatchObject({
      name: "Error",
      message: "publish failed",
      stack: expect.stringContaining("publish failed"),
      location: expect.stringMatching(/json-logger\.test\.ts:\d+$/),
      cause: { name: "TypeError", message: "socket hang up" },
    });
    expect(second).toMatchObject({
      feedId: "f1",
      error: { name: "TypeError", message: "socket hang up" },
    });
  });

  it("writes bigints as text and a repeated reference as [Circular] instead of throwing", () => {
    const { logger, entries } = capture();
    const loop: Record<string, unknown> = { id: 1 };
    loop.self = loop;
    logger.info("odd values", { size: 10n ** 20n, loop });
    expect(entries()[0]).toMatchObject({
      size: "100000000000000000000",
      loop: { id: 1, self: "[Circular]" },
    });
  });

  it("serialises an error without a stack, and a cause that is not an Error as it is", () => {
    const error = new Error("plain", { cause: { code: 42 } });
    error.stack = undefined;
    expect(serialiseError(error)).toEqual({
      name: "Error",
      location: "",
      message: "plain",
      stack: undefined,
      cause: { code: 42 },
    });
  });

  it("adds the X-Ray trace's root id when Lambda gives one", () => {
    vi.stubEnv(
      "_X_AMZN_TRACE_ID",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    );
    const { logger, entries } = capture();
    logger.info("traced");
    expect(entries()[0]?.xray_trace_id).toBe("1-5759e988-bd862e3fe1be46a994272793");
  });

  it("writes info to stdout and warnings and errors to stderr by default", () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const logger = new JsonLogger({ service: "s", level: "DEBUG" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    const messages = (spy: typeof out) =>
      spy.mock.calls.map(([chunk]) => {
        expect(String(chunk).endsWith("\n")).toBe(true);
        return (JSON.parse(String(chunk)) as { message: string }).message;
      });
    expect(messages(out)).toEqual(["d", "i"]);
    expect(messages(err)).toEqual(["w", "e"]);
  });

  it("with POWERTOOLS_DEV writes indented JSON through the global console", () => {
    vi.stubEnv("POWERTOOLS_DEV", "true");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    new JsonLogger({ service: "s" }).warn("object skipped", { key: "incoming/a.png" });
    const line = String(warn.mock.calls[0]?.[0]);
    expect(line).toContain('\n    "message": "object skipped"');
    expect(JSON.parse(line)).toMatchObject({ level: "WARN", key: "incoming/a.png" });
  });
});
