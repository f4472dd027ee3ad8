import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@tributary/cli';
import { startTestBroker, tempDir, waitFor, type TempDir, type TestBroker } from '@tributary/test-kit';

// Real Burrow 1.2.1 (Debian `burrow`, sarama 1.22.1 inside, with its own ZooKeeper from Debian `zookeeper`)
// and `tributary lag` watch the same broker while four groups commit in four ways; both must judge every group
// and partition alike (OK, WARN, ERR with STOP and STALL), and both answer 404 for an unknown group. Findings
// in FINDINGS.md.

let tb: TestBroker;
let dir: TempDir;
let zookeeper: ChildProcess | undefined;
let burrow: ChildProcess | undefined;
let burrowLog = '';
let burrowUrl = '';
let lagUrl = '';
let stopLag: () => void = () => {};
let lagDone: Promise<number> = Promise.resolve(0);

/** Runs `tributary ...` in this process (the broker keeps answering); returns its stdout. */
async function tributary(argv: readonly string[], stdin?: string): Promise<string> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    onStopSignal: () => () => {},
    ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
  });
  if (code !== 0) throw new Error(`tributary ${argv.join(' ')} exited ${code}:\n${out}\n${err}`);
  return out;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** ZooKeeper's `srvr` four-letter command answers once it serves. */
function zookeeperServes(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write('srvr'));
    // A server still starting may accept and say nothing: give up on this attempt after a second.
    s.setTimeout(1000, () => s.destroy());
    let text = '';
    s.on('data', (d) => (text += d.toString()));
    s.on('close', () => resolve(text.includes('Mode: standalone')));
    s.on('error', () => resolve(false));
  });
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

type Verdict = { status: string; partitions: Array<[number, string]> };

/** The verdict of one endpoint on a group: its status and each partition's, or null while it does not know the group. */
async function verdict(base: string, group: string): Promise<Verdict | null> {
  const { status, body } = await getJson(`${base}/v3/kafka/local/consumer/${group}/lag`);
  if (status !== 200) return null;
  const s = body.status as { status: string; partitions: Array<{ partition: number; status: string }> };
  return { status: s.status, partitions: s.partitions.map((p) => [p.partition, p.status] as [number, string]).sort((a, b) => a[0] - b[0]) };
}

function spawnLogged(command: string, args: readonly string[], onOutput: (text: string) => void): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => onOutput(d.toString()));
  child.stderr?.on('data', (d: Buffer) => onOutput(d.toString()));
  return child;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  dir = await tempDir('tributary-burrow-');
  tb = await startTestBroker();
  const bs = ['--bootstrap-server', tb.bootstrap];
  // __consumer_offsets must exist before Burrow asks for it (see FINDINGS.md: a Metadata request that may
  // auto-create it would create an ordinary one-partition topic).
  await tributary(['consumer-groups', ...bs, '--describe', '--group', 'warm-up']);
  for (const [topic, n] of [['orders', '2'], ['slow', '1'], ['stall', '1']] as const) await tributary(['topics', ...bs, '--create', '--topic', topic, '--partitions', n]);
  // Records both monitors find already there: neither has seen these partitions empty, so neither excuses a
  // stopped consumer as "caught up moments ago" (Burrow's grace, which looks back intervals x offset-refresh).
  await tributary(['console-producer', ...bs, '--topic', 'orders'], Array.from({ length: 10 }, (_, i) => `o${i}\n`).join(''));

  const zkPort = await freePort();
  await mkdir(join(dir.path, 'zk'));
  await writeFile(join(dir.path, 'zoo.cfg'), `tickTime=2000\ndataDir=${join(dir.path, 'zk')}\nclientPort=${zkPort}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n4lw.commands.whitelist=srvr\n`);
  zookeeper = spawnLogged('java', ['-cp', '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar', 'org.apache.zookeeper.server.quorum.QuorumPeerMain', join(dir.path, 'zoo.cfg')], () => {});
  await waitFor('ZooKeeper to serve', () => zookeeperServes(zkPort), { timeoutMs: 30_000 });

  const httpPort = await freePort();
  burrowUrl = `http://127.0.0.1:${httpPort}`;
  const conf = join(dir.path, 'burrow');
  await mkdir(conf);
  await writeFile(
    join(conf, 'burrow.toml'),
    [
      '[general]', `pidfile="${join(dir.path, 'burrow.pid')}"`,
      '[logging]', 'level="info"',
      '[zookeeper]', `servers=["127.0.0.1:${zkPort}"]`, 'timeout=6', 'root-path="/burrow"',
      // sarama never sends ApiVersions: the version it speaks follows kafka-version (Metadata v5, Fetch v4+).
      '[client-profile.tributary]', 'client-id="burrow-compat"', 'kafka-version="2.0.0"',
      '[cluster.local]', 'class-name="kafka"', `servers=["${tb.bootstrap}"]`, 'client-profile="tributary"', 'topic-refresh=1', 'offset-refresh=1',
      '[consumer.local]', 'class-name="kafka"', 'cluster="local"', `servers=["${tb.bootstrap}"]`, 'client-profile="tributary"', 'offsets-topic="__consumer_offsets"', 'start-latest=false',
      '[httpserver.default]', `address="127.0.0.1:${httpPort}"`,
      // Burrow caches an evaluation for expire-cache seconds (default 10): keep it short so both judge the same moment.
      '[evaluator.default]', 'class-name="caching"', 'expire-cache=1',
      '[storage.default]', 'class-name="inmemory"', 'workers=4', 'intervals=10', 'expire-group=604800', 'min-distance=1',
      '',
    ].join('\n'),
  );
  burrow = spawnLogged('/usr/bin/Burrow', ['--config-dir', conf], (t) => (burrowLog += t));
  await waitFor('Burrow to know the topics and their offsets', async () => {
    for (const topic of ['orders', 'slow', 'stall']) {
      const r = await getJson(`${burrowUrl}/v3/kafka/local/topic/${topic}`).catch(() => null);
      if (r?.status !== 200) return false;
    }
    return true;
  }, { timeoutMs: 30_000 });

  let lagErr = '';
  let handler: (signal: string) => void = () => {};
  // The same refresh cadence as Burrow's offset-refresh, so both keep the same span of log-end offsets.
  lagDone = runCli(['lag', ...bs, '--http-port', '0', '--interval-ms', '1000'], {
    stdout: () => {},
    stderr: (s) => void (lagErr += s),
    onStopSignal: (h) => {
      handler = h;
      return () => {};
    },
  });
  stopLag = () => handler('SIGTERM');
  lagUrl = await waitFor('tributary lag to serve', () => /on (http:\/\/\S+)\/v3\/kafka/.exec(lagErr)?.[1]);
}, 120_000);

afterAll(async () => {
  stopLag();
  await lagDone;
  await stopProcess(burrow);
  await stopProcess(zookeeper);
  await tb?.cleanup();
  await dir?.cleanup();
});

describe('Burrow and tributary lag', () => {
  it('judge the same groups alike: OK, ERR with STOP, WARN, ERR with STALL; 404 NOTFOUND for an unknown group', async () => {
    const bs = ['--bootstrap-server', tb.bootstrap];
    // Caught up: every record read and committed.
    await tributary(['console-consumer', ...bs, '--topic', 'orders', '--group', 'caught-up', '--from-beginning', '--max-messages', '10']);
    // Stopped: read a few, committed once, never came back.
    await tributary(['console-consumer', ...bs, '--topic', 'orders', '--group', 'stopped', '--from-beginning', '--max-messages', '4']);
    // Slow: commits advance but the lag grows each time. Stalled: the same offset committed while the lag grows.
    for (let i = 0; i < 4; i++) {
      await tributary(['console-producer', ...bs, '--topic', 'slow'], 'a\nb\nc\n');
      await tributary(['console-producer', ...bs, '--topic', 'stall'], 'a\nb\n');
      await new Promise((r) => setTimeout(r, 1200));
      await tributary(['console-consumer', ...bs, '--topic', 'slow', '--group', 'slow', '--from-beginning', '--max-messages', '1']);
      await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'stalled', '--topic', 'stall', '--to-offset', '1', '--execute']);
    }
    const groups = ['caught-up', 'stopped', 'slow', 'stalled'];
    await waitFor('both to know every group', async () => {
      for (const g of groups) if ((await verdict(burrowUrl, g)) === null || (await verdict(lagUrl, g)) === null) return false;
      return true;
    }, { timeoutMs: 15_000 });
    // Burrow's caching evaluator answers with its previous evaluation while it computes a fresh one, and both
    // judge by the time elapsed since the last commit: on a loaded machine a verdict can still be moving (a
    // stopped partition reads STALL before it reads STOP). Ask both again until they settle on the same
    // verdicts, for up to 40 s, then compare what they said last.
    type Verdicts = Record<string, Awaited<ReturnType<typeof verdict>>>;
    let burrowSays: Verdicts = {};
    let lagSays: Verdicts = {};
    const settled = () =>
      JSON.stringify(lagSays) === JSON.stringify(burrowSays) &&
      burrowSays.stopped?.partitions.some(([, s]) => s === 'STOP') === true &&
      burrowSays.stalled?.status === 'ERR';
    await waitFor(
      'Burrow and tributary lag to settle on the same verdicts',
      async () => {
        for (const g of groups) await verdict(burrowUrl, g);
        await new Promise((r) => setTimeout(r, 1200));
        burrowSays = Object.fromEntries(await Promise.all(groups.map(async (g) => [g, await verdict(burrowUrl, g)] as const)));
        lagSays = Object.fromEntries(await Promise.all(groups.map(async (g) => [g, await verdict(lagUrl, g)] as const)));
        return settled();
      },
      { timeoutMs: 40_000, intervalMs: 200 },
    ).catch(() => undefined); // the assertions below show what they said last
    expect(lagSays, `Burrow said ${JSON.stringify(burrowSays)}\n${burrowLog.split('\n').filter((l) => l.includes('"error"')).slice(-5).join('\n')}`).toEqual(burrowSays);
    expect(burrowSays['caught-up']!.status).toBe('OK');
    expect(burrowSays.stopped!.status).toBe('ERR');
    expect(burrowSays.stopped!.partitions.map(([, s]) => s)).toContain('STOP');
    expect(burrowSays.slow).toEqual({ status: 'WARN', partitions: [[0, 'WARN']] });
    expect(burrowSays.stalled).toEqual({ status: 'ERR', partitions: [[0, 'STALL']] });

    const [burrowMissing, lagMissing] = await Promise.all([burrowUrl, lagUrl].map((b) => getJson(`${b}/v3/kafka/local/consumer/nobody/lag`)));
    expect(burrowMissing).toMatchObject({ status: 404, body: { error: false, status: { group: 'nobody', status: 'NOTFOUND' } } });
    expect(lagMissing.status).toBe(404);
    expect(lagMissing.body.status).toEqual((burrowMissing.body as { status: unknown }).status);
  }, 90_000);
});
