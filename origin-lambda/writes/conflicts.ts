import { ConditionalCheckFailedException, TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb'

/**
 * How many times one event is re-read and re-planned after losing a race to another writer of
 * the same items. After that the record fails, and SQS delivers it again later.
 */
export const MAX_WRITE_ATTEMPTS = 10

/** The cancellation reasons that mean "someone else wrote first", as opposed to a bad request. */
const RACE_CODES = new Set(['ConditionalCheckFailed', 'TransactionConflict'])

/**
 * True when a conditional write or transaction failed because the items changed since they
 * were read, so reading again and re-planning can succeed.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export function isWriteConflict(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException || error instanceof TransactionConflictException) return true
  if (!(error instanceof TransactionCanceledException)) return false
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None')
  return codes.some((code) => RACE_CODES.has(code)) && codes.every((code) => code === 'None' || RACE_CODES.has(code))
}

/**
 * Runs a read-plan-write `attempt` until its conditional write goes through, waiting a random,
 * growing delay between tries ("full jitter") so that racing writers drift apart.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 *
 * @example
 * ```ts
 * await retryOnWriteConflict(async () => {
 *   const item = await read()
 *   await writeIfUnchanged(item, next(item))
 * })
 * ```
 */
export async function retryOnWriteConflict<T>(attempt: () => Promise<T>, attempts = MAX_WRITE_ATTEMPTS): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (!isWriteConflict(error)) throw error
      if (tries >= attempts) throw new Error(`still conflicting after ${attempts} attempts`, { cause: error })
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 10 * 2 ** tries)))
    }
  }
}
