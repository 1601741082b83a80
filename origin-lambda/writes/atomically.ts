import { TransactWriteCommand, type TransactWriteItem, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { db } from '../dynamodb'

/**
 * Applies conditional writes all together or not at all. A lone update goes out as a plain
 * UpdateItem, which is just as atomic and costs half a transactional write.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
 *
 * @example
 * ```ts
 * await writeAtomically([{ Update: occurrenceUpdate }, { ConditionCheck: personCheck }])
 * ```
 */
export async function writeAtomically(items: TransactWriteItem[]): Promise<void> {
  const [only] = items
  if (items.length === 1 && only?.Update) await db.send(new UpdateCommand(only.Update))
  else await db.send(new TransactWriteCommand({ TransactItems: items }))
}
