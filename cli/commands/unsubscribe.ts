import { SetSubscriptionAttributesCommand, UnsubscribeCommand } from "@aws-sdk/client-sns";
import { parseTopicList, policyFor, TOPICS_ATTRIBUTE } from "../../lambdas/core/alerts/filter-policy.ts";
import { CliError } from "../cli-error.ts";
import {
  endpointFrom,
  findSubscriptions,
  knownTopicNames,
  listSubscriptions,
  parseOptions,
  resolveSnsTarget,
  SUBSCRIBER_OPTIONS,
  TARGET_HELP,
  TARGET_OPTIONS,
  withTarget,
} from "./sns-target.ts";

const HELP = `usage: wirewatch unsubscribe (--email ADDRESS | --sms +NUMBER | ENDPOINT) [--topics LIST] [backend]

Removes a person's subscription (every protocol, when the endpoint is given bare). With --topics, only
those topics are dropped from the subscription's policy; dropping the last one removes the subscription.

${TARGET_HELP}`;

export async function unsubscribe(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    {
      args: argv,
      options: {
        ...TARGET_OPTIONS,
        ...SUBSCRIBER_OPTIONS,
        topics: { type: "string", multiple: true },
      },
      strict: true,
      allowPositionals: true,
    },
    "unsubscribe",
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new CliError("give one endpoint");
  const bare = positionals[0];
  if (bare && (values.email || values.sms))
    throw new CliError("give the endpoint once: bare, or with --email / --sms");
  const { endpoint, protocol } = bare ? { endpoint: bare.trim(), protocol: undefined } : endpointFrom(values);
  const drop = values.topics ? parseTopicList(values.topics) : undefined;
  if (drop) {
    const known = knownTopicNames();
    const unknown = drop.filter((t) => !known.includes(t));
    if (unknown.length)
      throw new CliError(
        `unknown topic ${unknown.map((t) => `"${t}"`).join(", ")}; valid topics: ${known.join(", ")}`,
      );
  }
  const target = await resolveSnsTarget(values);
  return withTarget(target, async () => {
    const matches = findSubscriptions(await listSubscriptions(target), endpoint, protocol);
    if (matches.length === 0) throw new CliError(`no subscription for ${endpoint} on ${target.label}`, 1);
    let code = 0;
    for (const s of matches) {
      if (!s.subscriptionArn) {
        process.stderr.write(
          `${s.endpoint} (${s.protocol}) is pending confirmation: SNS cannot remove it by API; it is deleted automatically if never confirmed\n`,
        );
        code = 1;
        continue;
      }
      const remaining = drop ? s.topics.filter((t) => !drop.includes(t)) : [];
      // Keep the subscription's cadence and reminders; a policy of another shape is removed whole.
      const legacy = s.policy && Object.keys(s.policy).length === 1 && TOPICS_ATTRIBUTE in s.policy;
      const next = s.cadence
        ? policyFor(remaining, { cadence: s.cadence, reminders: s.reminders ?? false })
        : legacy
          ? { [TOPICS_ATTRIBUTE]: remaining }
          : undefined;
      if (drop && remaining.length > 0 && next) {
        await target.client.send(
          new SetSubscriptionAttributesCommand({
            SubscriptionArn: s.subscriptionArn,
            AttributeName: "FilterPolicy",
            AttributeValue: JSON.stringify(next),
          }),
        );
        process.stdout.write(`updated ${s.endpoint} (${s.protocol}): now ${remaining.join(", ")}\n`);
        continue;
      }
      await target.client.send(new UnsubscribeCommand({ SubscriptionArn: s.subscriptionArn }));
      process.stdout.write(`unsubscribed ${s.endpoint} (${s.protocol}) from ${target.label}\n`);
    }
    return code;
  });
}
