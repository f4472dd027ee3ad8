import { startTestBroker, runProcess } from '@tributary/test-kit';
import { readPartition } from './support/read-log.js';
const tb = await startTestBroker();
for (const codec of ['gzip', 'zstd']) {
  const values = Array.from({ length: 500 }, (_, i) => `${codec}-${i}-${'y'.repeat(i % 40)}`);
  const p = await runProcess('kcat', ['-b', tb.bootstrap, '-P', '-t', 't-' + codec, '-z', codec, '-d', 'msg'], { input: values.join('\n') + '\n', timeoutMs: 20_000 });
  console.log(codec, p.code, p.stderr.split('\n').filter((l) => /compress|MsgSet|ProduceRequest/i.test(l)).slice(0, 8).join('\n'));
  const b = await readPartition(tb.broker, 't-' + codec, 0);
  console.log(b.map((x) => [x.baseOffset, x.compression, x.records.length]));
}
await tb.cleanup();
