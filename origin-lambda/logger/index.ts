import { Logger } from '@aws-lambda-powertools/logger'

/**
 * The origin's one logger: structured JSON lines in CloudWatch, each request's with the request
 * id the edge gave it (`x-request-id`), so one id follows a request from the Worker's logs into
 * the origin's. https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/
 *
 * @example
 * ```ts
 * logger.error('S3 event record failed', { bucket, key, reason })
 * ```
 */
export const logger = new Logger({ serviceName: 'edge-presign-origin' })
