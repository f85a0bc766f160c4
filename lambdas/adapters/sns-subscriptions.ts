import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
} from "@aws-sdk/client-sns";
import { type FilterPolicy, parseFilterPolicy } from "../core/alerts/filter-policy.ts";
import type { SubscriptionDirectory } from "../core/ports.ts";
import { asUnavailable } from "./aws-errors.ts";

/**
 * The filter policies of the topic's confirmed subscriptions (pending ones have no ARN and receive nothing), one
 * GetSubscriptionAttributes call each. With `maxAgeMs`, a warm instance reuses the list that long (notify reads it
 * only when a later copy adds topics; subscriptions change far less often than that).
 */
export class SnsSubscriptionDirectory implements SubscriptionDirectory {
  private cached?: { at: number; policies: FilterPolicy[] };

  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    private readonly maxAgeMs = 0,
  ) {}

  async policies(): Promise<FilterPolicy[]> {
    if (this.cached && Date.now() - this.cached.at < this.maxAgeMs) return this.cached.policies;
    const policies = await this.read();
    this.cached = { at: Date.now(), policies };
    return policies;
  }

  private async read(): Promise<FilterPolicy[]> {
    const arns: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.sns
        .send(new ListSubscriptionsByTopicCommand({ TopicArn: this.topicArn, NextToken: token }))
        .catch((error) => asUnavailable(error, "SNS"));
      for (const s of page.Subscriptions ?? [])
        if (s.SubscriptionArn?.startsWith("arn:")) arns.push(s.SubscriptionArn);
      token = page.NextToken;
    } while (token);
    const out: FilterPolicy[] = [];
    for (const arn of arns) {
      const { Attributes = {} } = await this.sns
        .send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))
        .catch((error) => asUnavailable(error, "SNS"));
      if (Attributes.PendingConfirmation === "true") continue;
      try {
        const policy = parseFilterPolicy(Attributes.FilterPolicy);
        if (policy) out.push(policy);
      } catch {
        // A policy SNS accepted but we cannot read is not a digest subscription.
      }
    }
    return out;
  }
}
