/**
 * One S3 object event, as every table's writer takes it (parsed from a notification record by
 * `events/record.ts`).
 */
export type ObjectEvent = {
  kind: 'created' | 'removed'
  bucket: string
  key: string
  /** Upper-case hex, right-padded to a fixed width so DynamoDB's string order is AWS's order. */
  sequencer: string
  size?: number
  eTag?: string
  eventTime: string
}

/** What applying one event did: changed the table, changed nothing (a duplicate or older event), or concerned no table. */
export type ApplyOutcome = 'applied' | 'stale' | 'ignored'
