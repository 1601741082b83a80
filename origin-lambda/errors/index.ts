/**
 * The origin's one error type. Client errors carry their HTTP status and a message that is
 * safe to show; anything else becomes a 500 whose body reveals nothing (see `app.onError`).
 *
 * @example
 * ```ts
 * throw new NotFoundError('Item not found')
 * ```
 */
export class OriginError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 503,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

export class BadRequestError extends OriginError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 400, options)
  }
}

export class NotFoundError extends OriginError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 404, options)
  }
}

/** A record that can never be applied (malformed key, unknown bucket): logged and left for the DLQ. */
export class PoisonRecordError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'PoisonRecordError'
  }
}
