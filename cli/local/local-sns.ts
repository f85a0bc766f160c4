/**
 * The embedded "local alert bus" used by `wirewatch replay` and the subscriber commands: a real `SNSClient`
 * whose middleware answers the SNS calls wirewatch makes without any network, so the production
 * `SnsAlertPublisher` code path runs unchanged. Deliveries follow SNS semantics: filter policies (scope
 * MessageAttributes) via `matchesFilterPolicy`, the per-protocol body of `MessageStructure: "json"` messages,
 * the subject for email only, and nothing for subscriptions pending confirmation.
 *
 * Subscribers live in a JSON file (events/subscribers.json), re-read on every call and rewritten by
 * Subscribe, Unsubscribe and SetSubscriptionAttributes.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  type BatchResultErrorEntry,
  InvalidParameterException,
  NotFoundException,
  type PublishBatchRequestEntry,
  type PublishBatchResultEntry,
  SNSClient,
} from "@aws-sdk/client-sns";
import * as z from "zod";
import { ALERTS_TOPIC_DISPLAY_NAME, smsDisplayPrefix } from "../../lambdas/core/alerts/alert.ts";
import {
  CADENCES,
  DIGEST_ATTRIBUTE,
  describePolicy,
  FILTER_POLICY_SCOPE,
  type FilterPolicy,
  KIND_ATTRIBUTE,
  type MessageAttributes,
  matchesFilterPolicy,
  parseFilterPolicy,
  policyFor,
  policyTopics,
  TOPICS_ATTRIBUTE,
} from "../../lambdas/core/alerts/filter-policy.ts";
import { isSmsNumber } from "../../lambdas/core/alerts/phone-number.ts";

export const DEFAULT_LOCAL_TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:wirewatch-alerts-local";
const LOCAL_ACCOUNT = "000000000000";
const PROTOCOLS = [
  "email",
  "email-json",
  "sms",
  "sqs",
  "lambda",
  "http",
  "https",
  "application",
  "firehose",
] as const;

const subscriberSchema = z.object({
  endpoint: z.string().min(1),
  protocol: z.enum(PROTOCOLS),
  /** The topics the subscriber's filter policy allowlists. */
  topics: z.array(z.string()).default([]),
  /** Unconfirmed (pending) subscribers receive nothing, as on SNS. */
  confirmed: z.boolean().default(true),
  /** instant (the default), daily or weekly: see filter-policy.ts for the policy each gives. */
  cadence: z.enum(CADENCES).optional(),
  /** Also deadline reminders on these topics. */
  reminders: z.boolean().optional(),
  /** A full filter policy, when it says more than `{ topics: [...] }`. */
  filterPolicy: z.record(z.string(), z.array(z.unknown())).optional(),
});

const subscribersFileSchema = z.object({
  topicArn: z.string().optional(),
  subscribers: z.array(subscriberSchema).default([]),
});

export type LocalSubscriber = z.infer<typeof subscriberSchema>;
export type SubscribersFile = z.infer<typeof subscribersFileSchema>;

export interface LocalDelivery {
  /** From the structured (default) body, when it carries one. */
  articleId?: string;
  /** The message's `kind` attribute (alert, digest, reminder). */
  kind?: string;
  /** A digest's `digest` attribute (its subscriber group). */
  digest?: string;
  topics: string[];
  subscriber: { endpoint: string; protocol: string };
  subject?: string;
  body: string;
  messageId: string;
}

export interface LocalSns {
  client: SNSClient;
  topicArn: string;
  /** Every delivery since creation (or the last takeDeliveries), in order. */
  deliveries: LocalDelivery[];
  /** Returns the deliveries so far and forgets them. */
  takeDeliveries(): LocalDelivery[];
  /** The subscribers as the file holds them now. */
  subscribers(): LocalSubscriber[];
  /** The subscription ARN the bus reports for a subscriber. */
  subscriptionArn(subscriber: Pick<LocalSubscriber, "endpoint" | "protocol">): string;
}

export interface LocalSnsOptions {
  subscribersFile: string;
  /** The topic this bus serves; defaults to the file's `topicArn`, then DEFAULT_LOCAL_TOPIC_ARN. */
  topicArn?: string;
  /** Like SNS, SMS bodies start with the topic's display name in capitals and "> ". @default ALERTS_TOPIC_DISPLAY_NAME */
  topicDisplayName?: string;
}

/** Reads and validates a subscribers file; a missing file is an empty list. */
export function readSubscribersFile(path: string): SubscribersFile {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { subscribers: [] };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = subscribersFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** JSON on one line with the spacing the formatter uses: `{ "a": 1, "b": ["x", "y"] }`. */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

const LINE_WIDTH = 110;

/** Serialises a subscribers file the way the repository's formatter lays it out (one subscriber a line when it fits). */
export function formatSubscribersFile(data: SubscribersFile): string {
  const subscriber = (s: LocalSubscriber) => {
    const line = `    ${inlineJson(s)}`;
    if (line.length + 1 <= LINE_WIDTH) return line;
    const props = Object.entries(s)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `      ${JSON.stringify(k)}: ${inlineJson(v)}`);
    return `    {\n${props.join(",\n")}\n    }`;
  };
  const head = data.topicArn ? `  "topicArn": ${JSON.stringify(data.topicArn)},\n` : "";
  const list = data.subscribers.length ? `[\n${data.subscribers.map(subscriber).join(",\n")}\n  ]` : "[]";
  return `{\n${head}  "subscribers": ${list}\n}\n`;
}

export function writeSubscribersFile(path: string, data: SubscribersFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, formatSubscribersFile(data));
  renameSync(temp, path);
}

/**
 * The filter policy a local subscriber has: its full policy, else the one `policyFor` builds from its topics,
 * cadence and reminders opt-in (as `wirewatch subscribe` would); none when it lists no topics.
 */
export function subscriberPolicy(subscriber: LocalSubscriber): FilterPolicy | undefined {
  if (subscriber.filterPolicy) return subscriber.filterPolicy as FilterPolicy;
  if (!subscriber.topics.length) return undefined;
  return policyFor(subscriber.topics, {
    ...(subscriber.cadence ? { cadence: subscriber.cadence } : {}),
    ...(subscriber.reminders ? { reminders: true } : {}),
  });
}

/** The subscriber fields that stand for a policy: topics, cadence and reminders when it is one of ours. */
function policyFields(
  policy: FilterPolicy | undefined,
): Pick<LocalSubscriber, "topics" | "cadence" | "reminders" | "filterPolicy"> {
  const described = describePolicy(policy);
  const ours =
    described && (policy ? !(TOPICS_ATTRIBUTE in policy && Object.keys(policy).length === 1) : false);
  if (described && ours)
    return {
      topics: described.topics,
      ...(described.cadence !== "instant" ? { cadence: described.cadence } : {}),
      ...(described.reminders ? { reminders: true } : {}),
    };
  return {
    topics: policyTopics(policy),
    ...(policy ? { filterPolicy: policy as Record<string, unknown[]> } : {}),
  };
}

/** The body SNS sends to `protocol` for a message (`MessageStructure: "json"` picks the protocol's key). */
export function bodyForProtocol(message: string, structure: string | undefined, protocol: string): string {
  if (structure !== "json") return message;
  const parsed = JSON.parse(message) as Record<string, unknown>;
  const body = parsed[protocol] ?? parsed.default;
  return typeof body === "string" ? body : JSON.stringify(body);
}

function invalid(message: string): InvalidParameterException {
  return new InvalidParameterException({ message, $metadata: {} });
}

function validateStructuredMessage(message: string | undefined, structure: string | undefined): string {
  if (message === undefined || message === "") throw invalid("Invalid parameter: Empty message");
  if (structure === undefined) return message;
  if (structure !== "json") throw invalid("Invalid parameter: MessageStructure must be 'json' if provided");
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalid("Invalid parameter: Message Structure - Failed to parse JSON");
  }
  if (!parsed || typeof parsed !== "object" || typeof (parsed as { default?: unknown }).default !== "string")
    throw invalid("Invalid parameter: Message Structure - No default entry in JSON message body");
  return message;
}

const MAX_MESSAGE_BYTES = 256 * 1024;

/** SNS's subject rules: under 100 characters, starting with a letter, digit or punctuation, no line breaks or control characters. */
function validateSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  if (
    subject.length === 0 ||
    subject.length >= 100 ||
    /\p{Cc}/u.test(subject) ||
    !/^[\p{L}\p{N}\p{P}]/u.test(subject)
  )
    throw invalid("Invalid parameter: Subject");
}

function validateEndpoint(protocol: string, endpoint: string): void {
  // The same rule as the stack and the CLI (phone-number.ts), so the local bus never accepts a number the
  // deployed pipeline would refuse.
  if (protocol === "sms" && !isSmsNumber(endpoint)) throw invalid(`Invalid SMS endpoint: ${endpoint}`);
  if ((protocol === "email" || protocol === "email-json") && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint))
    throw invalid(`Invalid parameter: Email address: ${endpoint}`);
}

const articleIdOf = (body: string | undefined): string | undefined => {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { articleId?: unknown };
    return typeof parsed.articleId === "string" ? parsed.articleId : undefined;
  } catch {
    return undefined;
  }
};

const topicsOf = (attributes: MessageAttributes | undefined): string[] => {
  const raw = attributes?.[TOPICS_ATTRIBUTE];
  if (!raw?.StringValue) return [];
  if (!raw.DataType.startsWith("String.Array")) return [raw.StringValue];
  try {
    const parsed: unknown = JSON.parse(raw.StringValue);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

type Input = Record<string, unknown>;

/** Creates the local alert bus over `subscribersFile`. */
export function createLocalSns({
  subscribersFile,
  topicArn,
  topicDisplayName = ALERTS_TOPIC_DISPLAY_NAME,
}: LocalSnsOptions): LocalSns {
  const arn = topicArn ?? readSubscribersFile(subscribersFile).topicArn ?? DEFAULT_LOCAL_TOPIC_ARN;
  const deliveries: LocalDelivery[] = [];

  const subscriptionArn = (s: Pick<LocalSubscriber, "endpoint" | "protocol">) => {
    const h = createHash("sha256").update(`${s.protocol}\n${s.endpoint}`).digest("hex");
    return `${arn}:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  };
  const load = () => readSubscribersFile(subscribersFile);
  const save = (data: SubscribersFile) =>
    writeSubscribersFile(subscribersFile, { topicArn: data.topicArn ?? arn, subscribers: data.subscribers });
  const checkTopic = (given: unknown) => {
    if (given !== arn)
      throw new NotFoundException({ message: `Topic does not exist: ${String(given)}`, $metadata: {} });
  };
  const findByArn = (data: SubscribersFile, subArn: unknown) => {
    const index = data.subscribers.findIndex((s) => subscriptionArn(s) === subArn);
    if (index < 0)
      throw new NotFoundException({
        message: `Subscription does not exist: ${String(subArn)}`,
        $metadata: {},
      });
    return index;
  };

  const deliver = (entry: PublishBatchRequestEntry): string => {
    const message = validateStructuredMessage(entry.Message, entry.MessageStructure);
    validateSubject(entry.Subject);
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalid("Invalid parameter: Message too long");
    const attributes = entry.MessageAttributes as MessageAttributes | undefined;
    const messageId = randomUUID();
    const topics = topicsOf(attributes);
    const articleId = articleIdOf(bodyForProtocol(message, entry.MessageStructure, "default"));
    const kind = attributes?.[KIND_ATTRIBUTE]?.StringValue;
    const digest = attributes?.[DIGEST_ATTRIBUTE]?.StringValue;
    for (const subscriber of load().subscribers) {
      if (!subscriber.confirmed) continue;
      if (!matchesFilterPolicy(subscriberPolicy(subscriber), attributes)) continue;
      const isEmail = subscriber.protocol === "email" || subscriber.protocol === "email-json";
      deliveries.push({
        ...(articleId ? { articleId } : {}),
        ...(kind ? { kind } : {}),
        ...(digest ? { digest } : {}),
        topics,
        subscriber: { endpoint: subscriber.endpoint, protocol: subscriber.protocol },
        ...(isEmail && entry.Subject ? { subject: entry.Subject } : {}),
        body:
          (subscriber.protocol === "sms" ? smsDisplayPrefix(topicDisplayName) : "") +
          bodyForProtocol(message, entry.MessageStructure, subscriber.protocol),
        messageId,
      });
    }
    return messageId;
  };

  const handlers: Record<string, (input: Input) => Record<string, unknown>> = {
    PublishCommand(input) {
      checkTopic(input.TopicArn);
      return { MessageId: deliver(input as unknown as PublishBatchRequestEntry) };
    },
    PublishBatchCommand(input) {
      checkTopic(input.TopicArn);
      const entries = (input.PublishBatchRequestEntries ?? []) as PublishBatchRequestEntry[];
      if (entries.length === 0 || entries.length > 10)
        throw invalid("The batch request must contain between 1 and 10 entries");
      const ids = entries.map((e) => e.Id);
      if (new Set(ids).size !== ids.length)
        throw invalid("Two or more batch entries in the request have the same Id.");
      const Successful: PublishBatchResultEntry[] = [];
      const Failed: BatchResultErrorEntry[] = [];
      for (const entry of entries) {
        if (!entry.Id || !/^[A-Za-z0-9_-]{1,80}$/.test(entry.Id))
          throw invalid(`Invalid batch entry id: ${entry.Id}`);
        try {
          Successful.push({ Id: entry.Id, MessageId: deliver(entry) });
        } catch (error) {
          Failed.push({
            Id: entry.Id,
            Code: (error as Error).name,
            Message: (error as Error).message,
            SenderFault: true,
          });
        }
      }
      return { Successful, Failed };
    },
    SubscribeCommand(input) {
      checkTopic(input.TopicArn);
      const protocol = String(input.Protocol ?? "");
      const endpoint = String(input.Endpoint ?? "");
      if (!(PROTOCOLS as readonly string[]).includes(protocol))
        throw invalid(`Invalid parameter: Protocol ${protocol}`);
      validateEndpoint(protocol, endpoint);
      const attributes = (input.Attributes ?? {}) as Record<string, string>;
      if (attributes.FilterPolicyScope && attributes.FilterPolicyScope !== FILTER_POLICY_SCOPE)
        throw invalid(`the local alert bus supports FilterPolicyScope ${FILTER_POLICY_SCOPE} only`);
      const policy = parseFilterPolicy(attributes.FilterPolicy);
      const data = load();
      const next: LocalSubscriber = {
        endpoint,
        protocol: protocol as LocalSubscriber["protocol"],
        ...policyFields(policy),
        confirmed: true, // nothing to confirm locally: no email or SMS leaves this machine
      };
      const index = data.subscribers.findIndex((s) => s.endpoint === endpoint && s.protocol === protocol);
      if (index >= 0)
        data.subscribers[index] = { ...next, confirmed: data.subscribers[index]?.confirmed ?? true };
      else data.subscribers.push(next);
      save(data);
      return { SubscriptionArn: subscriptionArn(next) };
    },
    UnsubscribeCommand(input) {
      const data = load();
      data.subscribers.splice(findByArn(data, input.SubscriptionArn), 1);
      save(data);
      return {};
    },
    ListSubscriptionsByTopicCommand(input) {
      checkTopic(input.TopicArn);
      return {
        Subscriptions: load().subscribers.map((s) => ({
          // SNS lists pending subscriptions as "PendingConfirmation"; the local bus gives them an ARN so they can be
          // inspected and removed (GetSubscriptionAttributes reports PendingConfirmation).
          SubscriptionArn: subscriptionArn(s),
          Owner: LOCAL_ACCOUNT,
          Protocol: s.protocol,
          Endpoint: s.endpoint,
          TopicArn: arn,
        })),
      };
    },
    GetSubscriptionAttributesCommand(input) {
      const data = load();
      const s = data.subscribers[findByArn(data, input.SubscriptionArn)] as LocalSubscriber;
      const policy = subscriberPolicy(s);
      return {
        Attributes: {
          SubscriptionArn: subscriptionArn(s),
          TopicArn: arn,
          Owner: LOCAL_ACCOUNT,
          Protocol: s.protocol,
          Endpoint: s.endpoint,
          PendingConfirmation: String(!s.confirmed),
          ConfirmationWasAuthenticated: String(s.confirmed),
          RawMessageDelivery: "false",
          ...(policy ? { FilterPolicy: JSON.stringify(policy), FilterPolicyScope: FILTER_POLICY_SCOPE } : {}),
        },
      };
    },
    SetSubscriptionAttributesCommand(input) {
      const data = load();
      const index = findByArn(data, input.SubscriptionArn);
      const s = data.subscribers[index] as LocalSubscriber;
      const name = String(input.AttributeName);
      const value = input.AttributeValue as string | undefined;
      if (name === "FilterPolicy") {
        const policy = parseFilterPolicy(value);
        const { filterPolicy: _old, cadence: _c, reminders: _r, ...rest } = s;
        data.subscribers[index] = { ...rest, ...policyFields(policy) };
      } else if (name === "FilterPolicyScope") {
        if (value !== FILTER_POLICY_SCOPE)
          throw invalid(`the local alert bus supports FilterPolicyScope ${FILTER_POLICY_SCOPE} only`);
      } else if (name !== "RawMessageDelivery" && name !== "DeliveryPolicy" && name !== "RedrivePolicy") {
        throw invalid(`Invalid parameter: AttributeName ${name}`);
      }
      save(data);
      return {};
    },
  };

  const client = new SNSClient({
    region: arn.split(":")[3] || "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const name = context.commandName ?? "";
      const handler = handlers[name];
      if (!handler) throw invalid(`the local alert bus does not implement ${name.replace(/Command$/, "")}`);
      const output = handler(args.input as Input);
      return { output: { ...output, $metadata: {} }, response: {} } as never;
    },
    { step: "initialize", name: "wirewatchLocalSns", priority: "high" },
  );

  return {
    client,
    topicArn: arn,
    deliveries,
    takeDeliveries: () => deliveries.splice(0, deliveries.length),
    subscribers: () => load().subscribers,
    subscriptionArn,
  };
}
