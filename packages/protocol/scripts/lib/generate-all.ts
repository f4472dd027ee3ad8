// Generates every file of `src/generated/` in memory, deterministically.
import { emitMessage, type ZeroSizeElement } from './emit-message.js';
import { emitIndex, emitRegistry } from './emit-registry.js';
import { emitSchemas } from './emit-schemas.js';
import { listSpecFiles, loadMessage, type MessageModel } from './spec.js';

const RESERVED_EXPORTS = new Set(['ApiKey', 'ApiDescriptor', 'ApiMessages', 'allApis', 'apiByKey', 'requestHeaderVersion', 'responseHeaderVersion', 'messageSchemas']);

function checkUniqueNames(messages: MessageModel[]): void {
  const seen = new Map<string, string>();
  for (const m of messages) {
    for (const s of m.structs) {
      const other = seen.get(s.tsName);
      if (other !== undefined || RESERVED_EXPORTS.has(s.tsName)) throw new Error(`exported name ${s.tsName} of ${m.specFile} clashes with ${other ?? 'the registry'}`);
      seen.set(s.tsName, m.specFile);
    }
  }
}

/** Every generated file: name (inside src/generated) to text, sorted by name. */
export function generateAll(specsDir: string): Map<string, string> {
  const messages = listSpecFiles(specsDir).map((f) => loadMessage(specsDir, f));
  checkUniqueNames(messages);
  const files = new Map<string, string>();
  const zero: ZeroSizeElement[] = [];
  for (const m of messages) {
    const { file, text } = emitMessage(m, zero);
    files.set(file, text);
  }
  if (zero.length > 0) {
    const list = zero.map((z) => `${z.field} v${z.version}`).join(', ');
    throw new Error(`array elements that can be zero bytes long (a forged count could spin): ${list}`);
  }
  files.set('api-registry.ts', emitRegistry(messages));
  files.set('message-schemas.ts', emitSchemas(messages));
  files.set('index.ts', emitIndex(messages));
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
