import {
  GetSubscriptionAttributesCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import {
  CADENCES,
  type Cadence,
  FILTER_POLICY_SCOPE,
  policyTopics,
} from "../../lambdas/core/alerts/filter-policy.ts";
import { CliError } from "../cli-error.ts";
import {
  endpointFrom,
  findSubscriptions,
  listSubscriptions,
  parseOptions,
  policyForTopics,
  resolveSnsTarget,
  SUBSCRIBER_OPTIONS,
  TARGET_HELP,
  TARGET_OPTIONS,
  withTarget,
} from "./sns-target.ts";

const HELP = `usage: wirewatch subscribe (--email ADDRESS | --sms +NUMBER) --topics TOPIC[,TOPIC...]
                          [--digest instant|daily|weekly] [--reminders] [backend]

Subscribes one person to alerts on the given topics (one alert per article, however many of its topics
match). Subscribing again replaces the topics. On a real topic, email subscriptions stay pending until the
link in the confirmation email from AWS Notifications is clicked; SMS subscriptions are active at once.

  --email ADDRESS      deliver alerts by email
  --sms +NUMBER        deliver alerts by SMS (E.164: + country code and number)
  --topics LIST        comma-separated topic names from topics/*.json
  --digest CADENCE     instant (default: one alert per story as it arrives), daily or weekly (one digest of
                       the period's stories, each once, with its evidence and link; nothing for an empty period)
  --reminders          also a reminder the day before a deadline named in a story on these topics

${TARGET_HELP}`;

export async function subscribe(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    {
      args: argv,
      options: {
        ...TARGET_OPTIONS,
        ...SUBSCRIBER_OPTIONS,
        topics: { type: "string", multiple: true },
        digest: { type: "string" },
        reminders: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    },
    "subscribe",
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.topics?.length)
    throw new CliError("give --topics TOPIC[,TOPIC...] (see wirewatch subscribe --help)");
  const cadence = (values.digest ?? "instant").trim().toLowerCase();
  if (!(CADENCES as readonly string[]).includes(cadence))
    throw new CliError(`--digest must be one of ${CADENCES.join(", ")}, got "${values.digest}"`);
  const options = { cadence: cadence as Cadence, reminders: values.reminders === true };
  const policy = policyForTopics(values.topics, options);
  const topics = policyTopics(policy);
  const { endpoint, protocol } = endpointFrom(values);
  const target = await resolveSnsTarget(values);
  return withTarget(target, async () => {
    const FilterPolicy = JSON.stringify(policy);
    const [existing] = findSubscriptions(await listSubscriptions(target), endpoint, protocol);
    let subscriptionArn: string | undefined;
    let action: "subscribed" | "updated";
    if (existing?.subscriptionArn) {
      subscriptionArn = existing.subscriptionArn;
      action = "updated";
      await target.client.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: subscriptionArn,
          AttributeName: "FilterPolicy",
          AttributeValue: FilterPolicy,
        }),
      );
    } else {
      action = existing ? "updated" : "subscribed";
      const out = await target.client.send(
        new SubscribeCommand({
          TopicArn: target.topicArn,
          Protocol: protocol,
          Endpoint: endpoint,
          Attributes: { FilterPolicy, FilterPolicyScope: FILTER_POLICY_SCOPE },
          ReturnSubscriptionArn: true,
        }),
      );
      subscriptionArn = out.SubscriptionArn;
    }
    let pending = protocol === "email" && target.kind === "remote" && !existing?.subscriptionArn;
    if (subscriptionArn?.startsWith("arn:")) {
      try {
        const { Attributes } = await target.client.send(
          new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
        );
        if (Attributes?.PendingConfirmation !== undefined)
          pending = Attributes.PendingConfirmation === "true";
      } catch {
        // Some SNS versions refuse attributes of a pending subscription: keep the protocol's default.
      }
    }
    const where = target.label;
    const how = `${options.cadence === "instant" ? "instant alerts" : `a ${options.cadence} digest`}${
      options.reminders ? " and deadline reminders" : ""
    }`;
    process.stdout.write(`${action} ${endpoint} (${protocol}) to ${topics.join(", ")} on ${where}: ${how}\n`);
    if (pending)
      process.stdout.write(
        `pending confirmation: AWS Notifications has emailed ${endpoint} a "Subscription Confirmation" link; no alerts arrive until it is clicked\n`,
      );
    else process.stdout.write("status: confirmed\n");
    return 0;
  });
}
