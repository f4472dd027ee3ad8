/**
 * An error thrown by user code inside a node, tagged with the node's name on its way up (Kafka's
 * FailedProcessingException). The task turns it into a StreamsException naming the processor; the original
 * error is the cause.
 */
export class NodeFailure extends Error {
  constructor(readonly nodeName: string, override readonly cause: unknown) {
    super(`Processor ${nodeName} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }

  static attribute(error: unknown, nodeName: string): NodeFailure {
    return error instanceof NodeFailure ? error : new NodeFailure(nodeName, error);
  }
}
