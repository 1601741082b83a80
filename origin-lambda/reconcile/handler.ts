import type { Context } from 'aws-lambda'
import { z } from 'zod'
import { config } from '../config'
import { BadRequestError } from '../errors'
import { logger } from '../logger'
import { reconcile, reconcileS3Client, type Summary } from './index'

/**
 * What the function is invoked with: EventBridge's scheduled event (a full run), or
 * `{"dryRun": true}` by hand (`aws lambda invoke`). Other fields are ignored.
 */
const invocation = z.looseObject({ dryRun: z.boolean().optional() })

/** Kept back from the function's time limit so that changes in flight finish and the summary is logged. */
const WRAP_UP_MS = 60_000

const s3 = reconcileS3Client({ region: config.region })

/**
 * The daily reconcile job (infra: an EventBridge schedule invokes it): one run over every synced
 * area, each change and the summary logged. Changes it had no time for are left for the next run;
 * a change that failed fails the invocation, so the function's error alarm fires.
 *
 * @example
 * ```ts
 * // infra: new NodejsFunction(this, 'Reconcile', { entry: 'origin-lambda/reconcile/handler.ts', handler: 'handler' })
 * await handler({ dryRun: true }) // the summary
 * ```
 */
export async function handler(event: unknown, context?: Context): Promise<Summary> {
  const parsed = invocation.safeParse(event ?? {})
  if (!parsed.success) throw new BadRequestError(`invalid reconcile invocation: ${parsed.error.issues[0]?.message}`)
  const dryRun = parsed.data.dryRun ?? false
  const summary = await reconcile({
    s3,
    dryRun,
    deadline: context ? Date.now() + context.getRemainingTimeInMillis() - WRAP_UP_MS : undefined,
    report: {
      change: (change) => logger.info('reconcile change', { change, dryRun }),
      failed: (change, error) => logger.error('reconcile change failed', { change, error }),
    },
  })
  logger.info('reconcile finished', { ...summary })
  if (summary.failed) throw new Error(`${summary.failed} reconcile changes failed; see the log`)
  return summary
}
