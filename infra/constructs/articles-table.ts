import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { TABLE_KEYS, TTL_ATTRIBUTE } from "../../lambdas/adapters/table-schema.ts";

export interface ArticlesTableProps {
  /** @default RemovalPolicy.RETAIN: the articles outlive the stack */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The articles table (layout in `lambdas/adapters/table-schema.ts`): on demand, point-in-time recovery, a stream
 * of new images for the notify function, and the `byTopic` index for "articles on a topic over time".
 *
 * Encryption uses the AWS-managed key (alias/aws/dynamodb): data is encrypted at rest and key use is logged in
 * CloudTrail, while every reader (the functions, the stream poller) needs no key grants or key policy to keep
 * in step. A customer-managed key would matter for cross-account access or revocation, which we do not need.
 */
export class ArticlesTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ArticlesTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      // Items that expire (seen-entry markers of feeds) carry it; articles never do.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.byTopicIndex,
      partitionKey: { name: TABLE_KEYS.byTopicPartitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.byTopicSortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
