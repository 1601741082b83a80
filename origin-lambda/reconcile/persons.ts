import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { writeAtomically } from '../writes/atomically'
import { isWriteConflict } from '../writes/conflicts'
import type { PersonFix } from './plan-persons'

/** What one planned Persons fix came to: written, or left for the next run because the person changed since it was read. */
export type FixOutcome = 'fixed' | 'retry'

const ATTRIBUTES = ['photoCount', 'repThumbKey', 'rankPartition'] as const

/**
 * Writes a Persons fix only if the person is still as read. Face events change a person's count
 * or thumbnail in the same transaction as its Occurrences (people/apply-person.ts), and the person
 * was read before Occurrences: so an event that lands at any point after that read fails this
 * write, which is left for the next run rather than overwriting the event's work. A new thumbnail
 * is also checked to still be its occurrence's `thumbKey`, as people/apply-person.ts does.
 *
 * @example
 * ```ts
 * await applyFix(fix) // 'fixed' | 'retry'
 * ```
 */
export async function applyFix(fix: PersonFix): Promise<FixOutcome> {
  try {
    await writeAtomically([personUpdate(fix), ...(fix.repOccurrence ? [thumbStillServed(fix.personId, fix.repOccurrence)] : [])])
    return 'fixed'
  } catch (error) {
    if (isWriteConflict(error)) return 'retry'
    throw error
  }
}

function personUpdate({ personId, before, after }: PersonFix): TransactWriteItem {
  const names: Record<string, string> = {}
  const values: Record<string, unknown> = {}
  const set: string[] = []
  const remove: string[] = []
  const conditions: string[] = []
  for (const [i, attribute] of ATTRIBUTES.entries()) {
    names[`#a${i}`] = attribute
    const read = before?.[attribute]
    const wanted = after[attribute]
    if (read === undefined) conditions.push(`attribute_not_exists(#a${i})`)
    else {
      conditions.push(`#a${i} = :read${i}`)
      values[`:read${i}`] = read
    }
    if (wanted === undefined) remove.push(`#a${i}`)
    else {
      set.push(`#a${i} = :new${i}`)
      values[`:new${i}`] = wanted
    }
  }
  return {
    Update: {
      TableName: config.tables.persons,
      Key: { personId },
      UpdateExpression: [`SET ${set.join(', ')}`, remove.length ? `REMOVE ${remove.join(', ')}` : ''].join(' ').trim(),
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  }
}

function thumbStillServed(personId: string, { photoId, thumbKey }: { photoId: string; thumbKey: string }): TransactWriteItem {
  return {
    ConditionCheck: {
      TableName: config.tables.occurrences,
      Key: { personId, photoId },
      ConditionExpression: 'thumbKey = :thumbKey AND attribute_not_exists(deleted)',
      ExpressionAttributeValues: { ':thumbKey': thumbKey },
    },
  }
}
