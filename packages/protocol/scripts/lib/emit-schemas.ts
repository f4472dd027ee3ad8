// Emits `message-schemas.ts`: a compact runtime description of every message (for tests and tools; the
// codecs never read it).
import { Code, quote } from './code.js';
import { headerLine } from './emit-message.js';
import type { FieldModel, MessageModel, StructModel } from './spec.js';
import { clip, type Range } from './versions.js';

function range(r: Range | null, valid: Range): string {
  const c = clip(r, valid);
  return c === null ? 'null' : `r(${c.min}, ${c.max})`;
}

function defaultLiteral(f: FieldModel): string | null {
  const d = f.default;
  switch (d.kind) {
    case 'null':
      return 'null';
    case 'number':
    case 'bool':
      return String(d.value);
    case 'bigint':
      return `${d.value}n`;
    case 'string':
      return JSON.stringify(d.value);
    default:
      return null;
  }
}

function fieldLiteral(msg: MessageModel, f: FieldModel, structConst: Map<StructModel, string>): string {
  const parts = [
    `name: ${quote(f.prop)}`,
    `kafkaName: ${quote(f.kafkaName)}`,
    `type: '${f.prim ?? 'struct'}'`,
    `array: ${f.array}`,
  ];
  if (f.struct !== null) parts.push(`struct: ${structConst.get(f.struct)!}`);
  parts.push(`versions: ${range(f.versions, msg.valid)}`, `nullableVersions: ${range(f.nullable, msg.valid)}`);
  if (f.tag !== null) parts.push(`tag: ${f.tag}`, `taggedVersions: ${range(f.tagged, msg.valid)}`);
  if (f.flexOverride !== undefined) parts.push(`flexibleVersions: ${range(f.flexOverride, msg.valid)}`);
  parts.push(`ignorable: ${f.ignorable}`);
  const d = defaultLiteral(f);
  if (d !== null) parts.push(`default: ${d}`);
  return `{ ${parts.join(', ')} }`;
}

/** Structs in an order where each comes after the structs its fields use. */
function postOrder(root: StructModel): StructModel[] {
  const out: StructModel[] = [];
  const seen = new Set<StructModel>();
  const visit = (s: StructModel): void => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const f of s.fields) if (f.struct !== null) visit(f.struct);
    out.push(s);
  };
  visit(root);
  return out;
}

export function emitSchemas(messages: MessageModel[]): string {
  const code = new Code();
  code.line(headerLine('every spec listed in generated/index.ts'));
  code.line("import type { VersionRange } from '../messages/codec.js';");
  code.line("import type { MessageSchema, StructSchema } from '../messages/schema.js';");
  code.line();
  code.line('const r = (min: number, max: number): VersionRange => ({ min, max });');
  for (const msg of messages) {
    const consts = new Map<StructModel, string>();
    code.line();
    for (const s of postOrder(msg.root)) {
      const name = s === msg.root ? `${s.tsName}Schema` : `${s.tsName}Struct`;
      consts.set(s, name);
      const type = s === msg.root ? 'MessageSchema' : 'StructSchema';
      code.open(`const ${name}: ${type} = {`);
      code.line(`name: ${quote(s.tsName)},`);
      if (s === msg.root) {
        code.line(`apiKey: ${msg.apiKey === null ? 'null' : msg.apiKey},`);
        code.line(`kind: '${msg.kind}',`);
        code.line(`validVersions: ${range(msg.valid, msg.valid)},`);
        code.line(`flexibleVersions: ${range(msg.flex, msg.valid)},`);
      }
      code.open('fields: [');
      for (const f of s.fields) code.line(`${fieldLiteral(msg, f, consts)},`);
      code.close('],');
      code.close('};');
    }
  }
  code.line();
  code.doc([
    'A description of every generated message (field names, types, versions, nullability, tags, defaults),',
    'keyed by message name. For tests and tools: the codecs themselves do not read it.',
  ]);
  code.open('export const messageSchemas: Readonly<Record<string, MessageSchema>> = {');
  for (const msg of messages) code.line(`${msg.name}: ${msg.root.tsName}Schema,`);
  code.close('};');
  return code.toString();
}
