import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { progressBar } from '../src/tools/support/progress.js';
import { captureContext } from './support/capture.js';
import { tributary } from './support/tool-run.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.cleanup());

describe('progress', () => {
  it('draws a bar on stderr only when stderr is a terminal, and clears it', () => {
    const tty = captureContext({ tty: true });
    const bar = progressBar(tty, 'dumping', 200, 'bytes');
    bar.update(200);
    bar.stop();
    expect(tty.err()).toBe(`\rdumping [${'#'.repeat(30)}] 100% 200/200 bytes\u001b[K\r\u001b[K`);
    const pipe = captureContext();
    const quiet = progressBar(pipe, 'dumping', 200, 'bytes');
    quiet.update(100);
    quiet.stop();
    expect(pipe.err()).toBe('');
  });

  it('shows console-producer\'s progress through an input file on a terminal, and nothing in a pipe', async () => {
    const file = join(broker.logDir, '..', `progress-${process.pid}.txt`);
    writeFileSync(file, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const args = ['console-producer', '--bootstrap-server', broker.bootstrap, '--topic', 'progress', '--input-file', file];
    const onTerminal = await tributary(args, { tty: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.err).toMatch(/^\rproducing to progress \[[#-]+\] \d+% /);
    expect(onTerminal.err).toMatch(/\rproducing to progress \[#{30}\] 100% (\d+)\/\1 bytes\u001b\[K\r\u001b\[K$/);
    expect(onTerminal.out).toBe('');
    expect(await tributary(args)).toEqual({ code: 0, out: '', err: '' });
  });
});
