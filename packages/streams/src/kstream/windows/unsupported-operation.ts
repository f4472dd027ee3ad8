import { TributaryError } from '@tributary/protocol';

/** A call the object does not support at all (Java's `UnsupportedOperationException`, e.g. `JoinWindows.windowsFor`). */
export class UnsupportedOperationException extends TributaryError {
  static readonly CODE = 'UNSUPPORTED_OPERATION';

  constructor(message: string, options?: { cause?: unknown }) {
    super(UnsupportedOperationException.CODE, message, options);
  }
}
