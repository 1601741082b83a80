import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEQUENCER_WIDTH } from '../../origin-lambda/events/record'
import { gatewaySequencer } from '../../test/stack/gateway-sequencer'

/** AWS's rule for two sequencers of one key: right-pad the shorter with zeros, compare as strings. */
function awsOrder(a: string, b: string): number {
  const width = Math.max(a.length, b.length)
  const [x, y] = [a.padEnd(width, '0'), b.padEnd(width, '0')]
  return x < y ? -1 : x > y ? 1 : 0
}

describe('the local adapter’s sequencers', () => {
  it('fixes what AWS’s rule gets wrong about versitygw’s raw counter', () => {
    expect(awsOrder('F', '10')).toBe(1) // raw: the 16th event sorts after the 15th's successor
    expect(awsOrder(gatewaySequencer(1_000, 'F'), gatewaySequencer(1_000, '10'))).toBe(-1)
  })

  it('orders by gateway start, then counter, across restarts', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 40), fc.nat(2 ** 20), fc.nat(2 ** 40), fc.nat(2 ** 40), (start, restartAfter, a, b) => {
        const same = awsOrder(gatewaySequencer(start, a.toString(16).toUpperCase()), gatewaySequencer(start, b.toString(16).toUpperCase()))
        expect(same).toBe(Math.sign(a - b))
        const later = gatewaySequencer(start + restartAfter + 1, '1')
        expect(awsOrder(gatewaySequencer(start, a.toString(16).toUpperCase()), later)).toBe(-1)
        expect(later.length).toBeLessThanOrEqual(SEQUENCER_WIDTH)
      }),
    )
  })
})
