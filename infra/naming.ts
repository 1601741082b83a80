/**
 * Construct ids and output names are PascalCase versions of the lower-case ids in code.
 *
 * @example
 * ```ts
 * capitalize('images') // 'Images'
 * ```
 */
export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
