import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs `src/main.ts` as `npm start` does (its own Node process, from sources) and returns its exit code and stdout. */
export function runMain(): Promise<{ code: number; stdout: string; stderr: string }> {
  console.log(`running ${main} (embedded broker + KafkaStreams) ...`);
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', main], { timeout: 80_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      if (code !== 0) console.error(`src/main.ts exited with ${code}:\n${stdout}\n${stderr}`);
      resolve({ code, stdout, stderr });
    });
  });
}
