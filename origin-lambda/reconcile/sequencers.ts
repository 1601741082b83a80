import { paddedSequencer, SEQUENCER_WIDTH } from '../events/record'

/**
 * The sequencers reconcile writes with. It has no S3 event of its own, so it makes up a
 * sequencer for each change that orders it exactly where it belongs among the real ones (the
 * rules of `writes/sequenced-put.ts` and `people/apply-faces.ts` then do the rest):
 * - a create where nothing is recorded takes the lowest sequencer there is, so anything an event
 *   records, before or after, wins over it (tombstones included);
 * - a change that contradicts what is recorded (a removal of a live item, a create over a
 *   tombstone) takes the recorded sequencer plus one in its last digit: it beats the recorded
 *   state, and only that. Real sequencers are at most a few dozen hex digits, right-padded with
 *   zeros to 64, so a later real event of the same key is higher in a leading digit and still
 *   wins over the made-up one.
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export const LOWEST_SEQUENCER = '0'.repeat(SEQUENCER_WIDTH)

/**
 * The sequencer just above `recorded` at full width; just above the lowest when nothing (or an
 * item written without events, such as an API registration or an old-shaped item) is recorded.
 *
 * @example
 * ```ts
 * sequencerAfter(undefined) // '000…01'
 * sequencerAfter('0062E3C4A1B2C3D4E5' + '0'.repeat(46)) // '0062E3C4A1B2C3D4E5000…01'
 * ```
 */
export function sequencerAfter(recorded: string | undefined): string {
  const padded = paddedSequencer(recorded || LOWEST_SEQUENCER)
  const next = (BigInt(`0x${padded}`) + 1n).toString(16).toUpperCase().padStart(SEQUENCER_WIDTH, '0')
  if (next.length > SEQUENCER_WIDTH) throw new RangeError(`no sequencer follows ${padded}`)
  return next
}
