/**
 * Environment variable names shared by the CDK constructs and the functions, so they cannot drift,
 * and one typed loader per function that fails at cold start naming what is missing.
 * Side-effect free: importing this module reads nothing.
 */
export const ENV = {
  tableName: "ARTICLES_TABLE_NAME",
  topicArn: "ALERTS_TOPIC_ARN",
  maxBodyBytes: "MAX_BODY_BYTES",
  maxBatchItems: "MAX_BATCH_ITEMS",
  maxHtmlBytes: "MAX_HTML_BYTES",
  maxTextChars: "MAX_TEXT_CHARS",
  maxFeedBytes: "MAX_FEED_BYTES",
  feedConcurrency: "FEED_CONCURRENCY",
  /** Set by the Lambda runtime, not by us: the runtime API's host:port, which feeds must never fetch. */
  runtimeApi: "AWS_LAMBDA_RUNTIME_API",
} as const;

export class ConfigError extends Error {
  override name = "ConfigError";
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`missing environment variable ${name}`);
  return value;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export interface IngestLimits {
  /** Largest accepted request body or S3 object, in bytes. */
  maxBodyBytes: number;
  /** Most articles in one batch request. */
  maxBatchItems: number;
  /** Largest accepted HTML page (S3 .html object or fetched page): real news pages are 0.3 to 2 MB. */
  maxHtmlBytes: number;
  /** Longest article text kept from a page; longer text is cut at a paragraph break. */
  maxTextChars: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxBodyBytes: 256 * 1024,
  maxBatchItems: 25,
  maxHtmlBytes: 4 * 1024 * 1024,
  maxTextChars: 100_000,
};

export interface IngestConfig {
  tableName: string;
  limits: IngestLimits;
}

export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return {
    tableName: required(env, ENV.tableName),
    limits: {
      maxBodyBytes: positiveInt(env, ENV.maxBodyBytes, DEFAULT_LIMITS.maxBodyBytes),
      maxBatchItems: positiveInt(env, ENV.maxBatchItems, DEFAULT_LIMITS.maxBatchItems),
      maxHtmlBytes: positiveInt(env, ENV.maxHtmlBytes, DEFAULT_LIMITS.maxHtmlBytes),
      maxTextChars: positiveInt(env, ENV.maxTextChars, DEFAULT_LIMITS.maxTextChars),
    },
  };
}

export interface NotifyConfig {
  tableName: string;
  topicArn: string;
}

export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  return { tableName: required(env, ENV.tableName), topicArn: required(env, ENV.topicArn) };
}

export interface PollFeedsConfig {
  tableName: string;
  limits: IngestLimits;
  /** Largest feed document, in bytes. */
  maxFeedBytes: number;
  /** Feeds polled at the same time. */
  concurrency: number;
  /** The Lambda runtime API (host:port) when running in Lambda. */
  runtimeApi?: string;
}

export const DEFAULT_MAX_FEED_BYTES = 5 * 1024 * 1024;
export const DEFAULT_FEED_CONCURRENCY = 4;

/**
 * The feed poller's configuration. There is deliberately no variable that allows loopback or private addresses:
 * that allowance exists only as a wiring option for tests and the local replay.
 */
export function loadPollFeedsConfig(env: NodeJS.ProcessEnv = process.env): PollFeedsConfig {
  const runtimeApi = env[ENV.runtimeApi]?.trim();
  return {
    ...loadIngestConfig(env),
    maxFeedBytes: positiveInt(env, ENV.maxFeedBytes, DEFAULT_MAX_FEED_BYTES),
    concurrency: positiveInt(env, ENV.feedConcurrency, DEFAULT_FEED_CONCURRENCY),
    ...(runtimeApi ? { runtimeApi } : {}),
  };
}
