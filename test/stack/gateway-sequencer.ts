/**
 * versitygw's event sequencer is a process-wide counter in unpadded hex that restarts at 1 with
 * the gateway ("F" then "10"), which AWS's comparison (right-pad with zeros, compare as strings)
 * misorders. Prefixing the gateway's start time and left-padding the counter to a fixed width
 * gives sequencers that AWS's rule orders correctly, within and across gateway restarts.
 */
export function gatewaySequencer(gatewayStartMs: number, counterHex: string): string {
  return gatewayStartMs.toString(16).toUpperCase().padStart(12, '0') + counterHex.toUpperCase().padStart(16, '0')
}
