/**
 * Where the subscriber commands act: a deployed stack (`--stack`), an SNS-compatible endpoint such as moto
 * (`--endpoint` with `--topic-arn` or `--stack`), or by default the embedded local alert bus over a subscribers
 * file (`--subscribers`, default events/subscribers.json). Every backend is driven through an `SNSClient`, so
 * the commands run the same calls everywhere.
 */
import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
  type Subscription,
} from "@aws-sdk/client-sns";
import { type ClientOptions, createSnsClient, localClientOptions } from "../../lambdas/adapters/clients.ts";
import {
  buildFilterPolicy,
  type Cadence,
  describePolicy,
  type FilterPolicy,
  FilterPolicyError,
  parseFilterPolicy,
  parseTopicList,
  policyTopics,
  type SubscriptionOptions,
} from "../../lambdas/core/alerts/filter-policy.ts";
import { PhoneNumberError, parseSmsNumber } from "../../lambdas/core/alerts/phone-number.ts";
import { loadTopicDefinitions } from "../../lambdas/core/tagger/load.ts";
import { CliError } from "../cli-error.ts";
import { createLocalSns, type LocalSns } from "../local/local-sns.ts";

export const DEFAULT_SUBSCRIBERS_FILE = "events/subscribers.json";
export const STACK_TOPIC_OUTPUT = "AlertsTopicArn";
export const STACK_TABLE_OUTPUT = "ArticlesTableName";

/** `parseArgs`, with a mistyped or incomplete option reported as a one-line usage error (exit 2). */
export function parseOptions<T extends ParseArgsConfig>(config: T, command: string) {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("ERR_PARSE_ARGS"))
      throw new CliError(`${(error as Error).message} (see wirewatch ${command} --help)`);
    throw error;
  }
}

/** parseArgs options shared by every subscriber command. */
export const TARGET_OPTIONS = {
  stack: { type: "string" },
  endpoint: { type: "string" },
  "topic-arn": { type: "string" },
  region: { type: "string" },
  subscribers: { type: "string" },
} as const;

/** parseArgs options naming one subscriber, and the help flag, shared by the subscriber commands. */
export const SUBSCRIBER_OPTIONS = {
  email: { type: "string" },
  sms: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const TARGET_HELP = `backend (default: the local alert bus used by replay):
  --subscribers FILE   local subscribers file (default ${DEFAULT_SUBSCRIBERS_FILE})
  --stack NAME         a deployed stack: the topic ARN comes from its ${STACK_TOPIC_OUTPUT} output
  --endpoint URL       an SNS-compatible endpoint (e.g. moto), with --topic-arn ARN or --stack NAME
  --topic-arn ARN      the alerts topic, when not taken from a stack
  --region REGION      AWS region (default: AWS_REGION, else us-east-1)`;

export interface TargetValues {
  stack?: string | undefined;
  endpoint?: string | undefined;
  "topic-arn"?: string | undefined;
  region?: string | undefined;
  subscribers?: string | undefined;
}

export interface SnsTarget {
  client: SNSClient;
  topicArn: string;
  /** For messages: "local file events/subscribers.json", "stack wirewatch", "http://localhost:5000". */
  label: string;
  kind: "local" | "remote";
  /** The local bus, when kind is "local". */
  local?: LocalSns;
  /** Client options for other AWS clients on the same backend (DynamoDB for explain). */
  clientOptions: ClientOptions;
  /** Stack outputs, when resolved from a stack. */
  stackOutputs?: Record<string, string>;
}

function clientOptionsFor(values: TargetValues): ClientOptions {
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  if (!values.endpoint) return { region };
  // A local endpoint accepts any credentials; use the environment's when there are some.
  if (process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE) return { endpoint: values.endpoint, region };
  return localClientOptions(values.endpoint, { region });
}

async function stackOutputs(stack: string, options: ClientOptions): Promise<Record<string, string>> {
  const cfn = new CloudFormationClient(options);
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stack }));
    const outputs: Record<string, string> = {};
    for (const o of Stacks?.[0]?.Outputs ?? [])
      if (o.OutputKey && o.OutputValue) outputs[o.OutputKey] = o.OutputValue;
    return outputs;
  } catch (error) {
    throw new CliError(`cannot read stack "${stack}": ${(error as Error).message}`, 1);
  } finally {
    cfn.destroy();
  }
}

/** Picks the backend from the options. */
export async function resolveSnsTarget(values: TargetValues): Promise<SnsTarget> {
  if (!values.stack && !values.endpoint) {
    if (values["topic-arn"])
      throw new CliError("--topic-arn needs --endpoint URL (or use --stack NAME for a deployed stack)");
    const file = resolve(values.subscribers ?? DEFAULT_SUBSCRIBERS_FILE);
    let local: LocalSns;
    try {
      local = createLocalSns({ subscribersFile: file });
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    return {
      client: local.client,
      topicArn: local.topicArn,
      label: `local file ${values.subscribers ?? DEFAULT_SUBSCRIBERS_FILE}`,
      kind: "local",
      local,
      clientOptions: {},
    };
  }
  if (values.subscribers)
    throw new CliError("--subscribers is for the local bus; drop it with --stack or --endpoint");
  const clientOptions = clientOptionsFor(values);
  let topicArn = values["topic-arn"];
  let outputs: Record<string, string> | undefined;
  if (values.stack) {
    outputs = await stackOutputs(values.stack, clientOptions);
    topicArn ??= outputs[STACK_TOPIC_OUTPUT];
    if (!topicArn) throw new CliError(`stack "${values.stack}" has no ${STACK_TOPIC_OUTPUT} output`, 1);
  }
  if (!topicArn) throw new CliError("--endpoint needs --topic-arn ARN or --stack NAME");
  return {
    client: createSnsClient({ ...clientOptions, maxAttempts: 2 }),
    topicArn,
    label: values.stack ? `stack ${values.stack}` : (values.endpoint ?? topicArn),
    kind: "remote",
    clientOptions,
    ...(outputs ? { stackOutputs: outputs } : {}),
  };
}

/** Topic names from the topic definitions (topics/*.json). */
export function knownTopicNames(): string[] {
  try {
    return loadTopicDefinitions().map((d) => d.name);
  } catch (error) {
    throw new CliError(`cannot load the topic definitions: ${(error as Error).message}`, 1);
  }
}

/** The policy for `--topics` (and cadence / reminders), validated against the topic definitions; CliError (exit 2) when invalid. */
export function policyForTopics(
  raw: string | string[] | undefined,
  options: SubscriptionOptions = {},
): FilterPolicy {
  const topics = parseTopicList(raw ?? []);
  const known = knownTopicNames();
  try {
    return buildFilterPolicy(topics, known, options);
  } catch (error) {
    if (error instanceof FilterPolicyError) throw new CliError(error.message, 2);
    throw error;
  }
}

export type Protocol = "email" | "sms";

/** The endpoint and protocol from `--email` / `--sms` (exactly one), validated. */
export function endpointFrom(values: { email?: string | undefined; sms?: string | undefined }): {
  endpoint: string;
  protocol: Protocol;
} {
  if (values.email && values.sms) throw new CliError("give --email or --sms, not both");
  if (values.email) {
    const endpoint = values.email.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint))
      throw new CliError(`not an email address: "${endpoint}"`);
    return { endpoint, protocol: "email" };
  }
  if (values.sms) {
    try {
      return { endpoint: parseSmsNumber(values.sms), protocol: "sms" };
    } catch (error) {
      if (error instanceof PhoneNumberError)
        throw new CliError(`not a deliverable SMS number: ${error.message}`);
      throw error;
    }
  }
  throw new CliError("give --email ADDRESS or --sms +NUMBER");
}

export interface SubscriptionView {
  endpoint: string;
  protocol: string;
  /** The topics the policy allowlists; empty when there is no policy (every alert) or it is unknown. */
  topics: string[];
  policy?: FilterPolicy;
  /** How the policy delivers: instant alerts or a daily / weekly digest; unknown for other policies. */
  cadence?: Cadence;
  /** Whether the policy lets deadline reminders through. */
  reminders?: boolean;
  status: "confirmed" | "pending";
  /** Absent for subscriptions SNS lists as "PendingConfirmation". */
  subscriptionArn?: string;
}

const isArn = (s: string | undefined): s is string => !!s && s.startsWith("arn:");

/** Every subscription on the target's topic, with its policy and confirmation status. */
export async function listSubscriptions(target: SnsTarget): Promise<SubscriptionView[]> {
  const all: Subscription[] = [];
  let token: string | undefined;
  do {
    const page = await target.client.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: target.topicArn, NextToken: token }),
    );
    all.push(...(page.Subscriptions ?? []));
    token = page.NextToken;
  } while (token);
  const views: SubscriptionView[] = [];
  for (const s of all) {
    const view: SubscriptionView = {
      endpoint: s.Endpoint ?? "",
      protocol: s.Protocol ?? "",
      topics: [],
      status: isArn(s.SubscriptionArn) ? "confirmed" : "pending",
    };
    if (isArn(s.SubscriptionArn)) {
      view.subscriptionArn = s.SubscriptionArn;
      const { Attributes = {} } = await target.client.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn }),
      );
      if (Attributes.PendingConfirmation === "true") view.status = "pending";
      const policy = parseFilterPolicy(Attributes.FilterPolicy);
      if (policy) {
        view.policy = policy;
        view.topics = policyTopics(policy);
        const described = describePolicy(policy);
        if (described) {
          view.cadence = described.cadence;
          view.reminders = described.reminders;
        }
      }
    }
    views.push(view);
  }
  return views;
}

export function findSubscriptions(
  views: readonly SubscriptionView[],
  endpoint: string,
  protocol?: string,
): SubscriptionView[] {
  const norm = (e: string) => e.trim().toLowerCase();
  return views.filter((v) => norm(v.endpoint) === norm(endpoint) && (!protocol || v.protocol === protocol));
}

/** Turns AWS errors into one-line CLI errors (exit 1): the person sees the service's message, not a stack. */
export async function withTarget<T>(target: SnsTarget, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CliError) throw error;
    const e = error as Error & { $metadata?: unknown };
    if (e && typeof e === "object" && "$metadata" in e)
      throw new CliError(`${target.label}: ${e.name}: ${e.message}`, 1);
    if (e instanceof TypeError && /fetch failed|ECONNREFUSED/.test(String(e.message) + String(e.cause)))
      throw new CliError(`${target.label}: cannot connect (${e.message})`, 1);
    if (e && (e as NodeJS.ErrnoException).code === "ECONNREFUSED")
      throw new CliError(`${target.label}: cannot connect (${e.message})`, 1);
    throw error;
  } finally {
    if (target.kind === "remote") target.client.destroy();
  }
}

/** A plain text table: header, then rows, columns padded to the widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
