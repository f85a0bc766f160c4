import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
} from "@aws-sdk/client-sns";
import { type FilterPolicy, parseFilterPolicy } from "../core/alerts/filter-policy.ts";
import type { SubscriptionDirectory } from "../core/ports.ts";
import { asUnavailable } from "./aws-errors.ts";

/** The filter policies of the topic's confirmed subscriptions (pending ones have no ARN and receive nothing). */
export class SnsSubscriptionDirectory implements SubscriptionDirectory {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async policies(): Promise<FilterPolicy[]> {
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
