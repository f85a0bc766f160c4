import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "constructs";
import { PhoneNumberError, parseSmsNumber } from "../lambdas/core/alerts/phone-number.ts";

/** The repository root: entry paths, the topics directory and the lock file are resolved from here. */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Where the topic definitions live; one `<name>.json` per topic. */
export const TOPICS_DIR = join(REPO_ROOT, "topics");

/** Each function's entry file, relative to the repository root (entry paths only: infra never imports handlers). */
export const FUNCTION_ENTRIES = {
  ingestApi: "lambdas/ingest-api/handler.ts",
  ingestS3: "lambdas/ingest-s3/handler.ts",
  notify: "lambdas/notify/handler.ts",
  pollFeeds: "lambdas/poll-feeds/handler.ts",
  digest: "lambdas/digest/handler.ts",
  remind: "lambdas/remind/handler.ts",
} as const;

export type ApiAuth = "iam" | "apikey";

/** Typed view of the `-c key=value` context the app understands. */
export interface WirewatchContext {
  /** E-mail address subscribed to the alerts topic at deploy time. */
  readonly alertEmail?: string;
  /** Phone number (E.164) subscribed to the alerts topic by SMS at deploy time. */
  readonly alertSms?: string;
  /** Topics the initial subscriptions filter on; empty means every alert. */
  readonly alertTopics: readonly string[];
  /** E-mail address of an operator subscribed to the alarms (ops topic), unfiltered. */
  readonly opsEmail?: string;
  /** How `POST /articles` is authorised: IAM SigV4 (default) or an API key with a usage plan. */
  readonly apiAuth: ApiAuth;
  /**
   * Who sets the region's API Gateway CloudWatch Logs role, which the stage's access logs need: `stack` (default)
   * creates it and names it in the account settings (retained on delete); `account` leaves the account settings
   * alone, for accounts where that role is already set and owned elsewhere (an organisation baseline, another
   * stack). `aws apigateway get-account --query cloudwatchRoleArn` must then print a role, or the stage fails.
   */
  readonly apiLogRole: "stack" | "account";
  /** `local` targets moto's CloudFormation (no bootstrap version rule); `aws` is the default. */
  readonly target: "aws" | "local";
}

export class ContextError extends Error {
  override name = "ContextError";
}

function str(node: Node, key: string): string | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string" && typeof raw !== "number") {
    throw new ContextError(`context ${key} must be a string, got ${JSON.stringify(raw)}`);
  }
  const value = String(raw).trim();
  return value === "" ? undefined : value;
}

function list(node: Node, key: string): string[] {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(",");
  return [...new Set(items.map((s) => s.trim()).filter((s) => s !== ""))];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads and validates the app context. Throws a ContextError naming the offending key. */
export function readContext(node: Node): WirewatchContext {
  const alertEmail = str(node, "alertEmail");
  if (alertEmail !== undefined && !EMAIL.test(alertEmail)) {
    throw new ContextError(`context alertEmail is not an e-mail address: "${alertEmail}"`);
  }
  let alertSms = str(node, "alertSms");
  if (alertSms !== undefined) {
    // SNS accepts a malformed number at subscribe time and then delivers nothing; refuse it at synth.
    try {
      alertSms = parseSmsNumber(alertSms);
    } catch (error) {
      if (!(error instanceof PhoneNumberError)) throw error;
      throw new ContextError(`context alertSms: ${error.message}`);
    }
  }
  const opsEmail = str(node, "opsEmail");
  if (opsEmail !== undefined && !EMAIL.test(opsEmail)) {
    throw new ContextError(`context opsEmail is not an e-mail address: "${opsEmail}"`);
  }
  const apiAuth = str(node, "apiAuth") ?? "iam";
  if (apiAuth !== "iam" && apiAuth !== "apikey") {
    throw new ContextError(`context apiAuth must be "iam" or "apikey", got "${apiAuth}"`);
  }
  const target = str(node, "target") ?? "aws";
  if (target !== "aws" && target !== "local") {
    throw new ContextError(`context target must be "local" or "aws", got "${target}"`);
  }
  const apiLogRole = str(node, "apiLogRole") ?? "stack";
  if (apiLogRole !== "stack" && apiLogRole !== "account") {
    throw new ContextError(`context apiLogRole must be "stack" or "account", got "${apiLogRole}"`);
  }
  return {
    alertEmail,
    alertSms,
    alertTopics: list(node, "alertTopics"),
    opsEmail,
    apiAuth,
    apiLogRole,
    target,
  };
}

/**
 * Topic names defined in `dir`: the `name` of each `*.json` definition (the file name when it has none), sorted.
 * Read as plain JSON: the tagger validates the definitions; synth only needs their names.
 */
export function definedTopics(dir: string = TOPICS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      let name: unknown;
      try {
        name = (JSON.parse(readFileSync(join(dir, f), "utf8")) as { name?: unknown }).name;
      } catch (error) {
        throw new ContextError(
          `topic definition ${join(dir, f)} is not valid JSON: ${(error as Error).message}`,
        );
      }
      return typeof name === "string" && name.trim() !== "" ? name.trim() : basename(f, ".json");
    })
    .sort();
}
