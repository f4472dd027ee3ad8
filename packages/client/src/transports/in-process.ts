import type { Broker } from '@tributary/broker';
import type { Transport } from '../contract/transport.js';
import { RawTransport } from '../internal/wire/raw-transport.js';
import type { SendRequest } from '../internal/wire/wire.js';

/**
 * The in-process transport: clients call the embedded broker's API handlers directly through
 * `broker.handle(apiKey, version, request)` with the generated request objects — no socket, no encoding, no
 * copy of record bytes (a produced batch is the `Buffer` the log appends; a fetched batch is the `Buffer` the
 * log read). Consumer groups run Kafka's classic protocol against the broker's group coordinator.
 *
 * @example
 * ```ts
 * const broker = await Broker.start({ 'node.id': 1, 'log.dirs': dir }, { listen: false });
 * const transport = inProcess(broker);
 * await transport.producer().send({ topic: 't', value: Buffer.from('hello') });
 * ```
 */
export function inProcess(broker: Broker): Transport {
  const versions = new Map(broker.apiVersions().map((v) => [v.apiKey, { min: v.minVersion, max: v.maxVersion }]));
  return new RawTransport('in-process', {
    versions,
    // broker.handle queues each partition's appends in call order before it awaits anything.
    pipelined: true,
    sender(clientId: string): SendRequest {
      const context = { clientId, clientHost: 'in-process' };
      return (apiKey, version, body) => broker.handle(apiKey, version, body, context);
    },
  });
}
