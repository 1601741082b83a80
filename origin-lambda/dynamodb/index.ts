import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'

/**
 * The origin's one DynamoDB document client. Every call has a deadline: a request that
 * cannot finish in 3 s is abandoned (and retried twice by the SDK) instead of holding
 * the Lambda, and through it the edge, until its own timeout.
 */
export const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  }),
  { marshallOptions: { removeUndefinedValues: true } },
)
