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
  storyWindowHours: "STORY_WINDOW_HOURS",
  scheduleGroup: "REMINDER_SCHEDULE_GROUP",
  reminderTargetArn: "REMINDER_TARGET_ARN",
  reminderRoleArn: "REMINDER_ROLE_ARN",
  reminderDeadLetterArn: "REMINDER_DLQ_ARN",
  reminderLeadHours: "REMINDER_LEAD_HOURS",
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
}

export const DEFAULT_LIMITS: IngestLimits = { maxBodyBytes: 256 * 1024, maxBatchItems: 25 };

export interface IngestConfig {
  tableName: string;
  limits: IngestLimits;
  /** How far apart in publication time a copy may be from its story's first article. @default 72 */
  storyWindowHours?: number;
}

export const DEFAULT_STORY_WINDOW_HOURS = 72;

export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return {
    tableName: required(env, ENV.tableName),
    limits: {
      maxBodyBytes: positiveInt(env, ENV.maxBodyBytes, DEFAULT_LIMITS.maxBodyBytes),
      maxBatchItems: positiveInt(env, ENV.maxBatchItems, DEFAULT_LIMITS.maxBatchItems),
    },
    storyWindowHours: positiveInt(env, ENV.storyWindowHours, DEFAULT_STORY_WINDOW_HOURS),
  };
}

export interface ReminderConfig {
  /** EventBridge Scheduler schedule group the reminders go in. */
  groupName: string;
  /** The remind function the schedules invoke. */
  targetArn: string;
  /** The role the schedules run as. */
  roleArn: string;
  /** The schedules' dead-letter queue. */
  deadLetterArn: string;
  /** How long before a deadline's moment the reminder goes. @default 24 */
  leadHours: number;
}

export interface NotifyConfig {
  tableName: string;
  topicArn: string;
  /** Absent when the function has no schedule group: then no reminders are scheduled. */
  reminders?: ReminderConfig;
}

export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const base = { tableName: required(env, ENV.tableName), topicArn: required(env, ENV.topicArn) };
  if (!env[ENV.scheduleGroup]?.trim()) return base;
  return {
    ...base,
    reminders: {
      groupName: required(env, ENV.scheduleGroup),
      targetArn: required(env, ENV.reminderTargetArn),
      roleArn: required(env, ENV.reminderRoleArn),
      deadLetterArn: required(env, ENV.reminderDeadLetterArn),
      leadHours: positiveInt(env, ENV.reminderLeadHours, 24),
    },
  };
}

export interface DigestConfig {
  tableName: string;
  topicArn: string;
}

export function loadDigestConfig(env: NodeJS.ProcessEnv = process.env): DigestConfig {
  return { tableName: required(env, ENV.tableName), topicArn: required(env, ENV.topicArn) };
}

export type RemindConfig = DigestConfig;
export const loadRemindConfig = loadDigestConfig;
