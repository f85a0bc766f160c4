import { RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { ALERTS_TOPIC_DISPLAY_NAME } from "../../lambdas/core/alerts/alert.ts";
import type { FilterPolicy } from "../../lambdas/core/alerts/filter-policy.ts";

/** What the account may do with the alerts key: administer it, and the data-key operations SNS encryption uses. */
export const KEY_ACCOUNT_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:CreateGrant",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:GenerateDataKey",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
] as const;

export interface AlertsProps {
  /** E-mail address subscribed at deploy time. @default - none */
  readonly email?: string;
  /** Phone number (E.164) subscribed by SMS at deploy time. @default - none */
  readonly sms?: string;
  /**
   * Filter policy of the initial subscriptions, as built by `buildFilterPolicy` (which validates the topic
   * names). @default - none: the subscriptions receive every alert
   */
  readonly filterPolicy?: FilterPolicy;
}

/**
 * The alerts topic, encrypted with a customer-managed key and refusing non-TLS publishes. Each alert carries
 * the message attribute `topics` (String.Array); a subscription's filter policy selects on it.
 */
export class Alerts extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertsProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, "Key", {
      description: "wirewatch alerts topic encryption",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The account (and so IAM policies in it) administers and uses the key, with the actions named: the
      // default policy's `kms:*` is a wildcard action.
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "AccountAdministersAndUsesTheKey",
            principals: [new iam.AccountRootPrincipal()],
            actions: [...KEY_ACCOUNT_ACTIONS],
            resources: ["*"],
          }),
        ],
      }),
    });
    this.topic = new sns.Topic(this, "Topic", {
      // The SMS length budget in alert.ts depends on this name (SNS prefixes every SMS with it).
      displayName: ALERTS_TOPIC_DISPLAY_NAME,
      masterKey: this.key,
      enforceSSL: true,
    });

    // The policy goes in as built by filter-policy.ts (its `exists` and `$or` conditions included), not
    // through the construct's string filters.
    const subscribe = (id: string, protocol: sns.SubscriptionProtocol, endpoint: string) => {
      const subscription = new sns.Subscription(this, id, { topic: this.topic, protocol, endpoint });
      if (props.filterPolicy) {
        const cfn = subscription.node.defaultChild as sns.CfnSubscription;
        cfn.filterPolicy = props.filterPolicy;
        cfn.filterPolicyScope = "MessageAttributes";
      }
    };
    if (props.email) subscribe("EmailSubscription", sns.SubscriptionProtocol.EMAIL, props.email);
    if (props.sms) subscribe("SmsSubscription", sns.SubscriptionProtocol.SMS, props.sms);
  }

  /**
   * Lets `grantee` read the topic's subscriptions and their filter policies (the digest groups; the audience of a
   * later copy's alert). SNS defines no IAM resource type for subscriptions, so GetSubscriptionAttributes takes "*".
   */
  grantReadSubscriptions(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["sns:ListSubscriptionsByTopic"],
      resourceArns: [this.topic.topicArn],
    });
    iam.Grant.addToPrincipal({ grantee, actions: ["sns:GetSubscriptionAttributes"], resourceArns: ["*"] });
  }

  /**
   * Lets `grantee` publish alerts. Not `topic.grantPublish`: that grants `kms:GenerateDataKey*`, a wildcard action;
   * SNS server-side encryption needs exactly GenerateDataKey and Decrypt.
   */
  grantPublish(grantee: iam.IGrantable): iam.Grant {
    return this.topic.grants.actions(grantee, ["sns:Publish"], {
      keyActions: ["kms:Decrypt", "kms:GenerateDataKey"],
    });
  }
}
