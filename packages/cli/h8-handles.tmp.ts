import { Broker } from '@tributary/broker';
const b = await Broker.start({ 'node.id': 1, 'log.dirs': '/tmp/h8handles', listeners: 'PLAINTEXT://127.0.0.1:0' });
await b.stop();
const p = process as unknown as { _getActiveHandles(): unknown[]; _getActiveRequests(): unknown[]; getActiveResourcesInfo(): string[] };
console.log(p.getActiveResourcesInfo());
for (const h of p._getActiveHandles()) console.log((h as object).constructor.name, (h as { _idleTimeout?: number })._idleTimeout);
