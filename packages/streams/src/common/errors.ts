import { TributaryError } from '@tributary/protocol';

/**
 * A failure inside a Kafka Streams application: a processor threw, a record could not be produced, the
 * runtime reached a state it cannot continue from. Mirrors Kafka Streams' `StreamsException`; the original
 * error, when there is one, is the `cause`.
 */
export class StreamsException extends TributaryError {
  static readonly CODE = 'STREAMS';

  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? StreamsException.CODE, message, options);
  }
}

/**
 * A topology that cannot be built or run as described: a duplicate node name, an unknown parent, a sink used
 * as a parent, a topic registered twice. Mirrors Kafka Streams' `TopologyException` (whose message starts with
 * "Invalid topology:").
 */
export class TopologyException extends TributaryError {
  static readonly CODE = 'TOPOLOGY';

  constructor(message: string, options?: { cause?: unknown }) {
    super(TopologyException.CODE, `Invalid topology: ${message}`, options);
  }
}

/**
 * Bytes that a deserializer cannot read, or a value a serializer cannot write (wrong size, wrong type, out of
 * range). Mirrors Kafka's `SerializationException`.
 */
export class SerializationException extends TributaryError {
  static readonly CODE = 'SERIALIZATION';

  constructor(message: string, options?: { cause?: unknown }) {
    super(SerializationException.CODE, message, options);
  }
}

/** A call the current state does not allow (Kafka's `IllegalStateException` in the Streams API). */
export class IllegalStateException extends TributaryError {
  static readonly CODE = 'ILLEGAL_STATE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(IllegalStateException.CODE, message, options);
  }
}

/** An argument outside what the call accepts (Kafka's `IllegalArgumentException` in the Streams API). */
export class IllegalArgumentException extends TributaryError {
  static readonly CODE = 'ILLEGAL_ARGUMENT';

  constructor(message: string, options?: { cause?: unknown }) {
    super(IllegalArgumentException.CODE, message, options);
  }
}
