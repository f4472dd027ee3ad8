// Emits `api-registry.ts` (API keys, request/response codec pairs, header versions) and the barrel `index.ts`.
import { Code, quote } from './code.js';
import { headerLine } from './emit-message.js';
import type { MessageModel } from './spec.js';

interface Api {
  key: number;
  name: string;
  request: MessageModel;
  response: MessageModel;
}

function pairApis(messages: MessageModel[]): Api[] {
  const requests = messages.filter((m) => m.kind === 'request');
  const apis = requests.map((request): Api => {
    const name = request.name.replace(/Request$/, '');
    const response = messages.find((m) => m.kind === 'response' && m.name === `${name}Response`);
    if (response === undefined || response.apiKey !== request.apiKey || request.apiKey === null) {
      throw new Error(`no matching response for ${request.name}`);
    }
    return { key: request.apiKey, name, request, response };
  });
  return apis.sort((a, b) => a.key - b.key);
}

export function emitRegistry(messages: MessageModel[]): string {
  const apis = pairApis(messages);
  const code = new Code();
  code.line(headerLine('every *Request.json and *Response.json'));
  code.line("import { ProtocolDecodeError } from '../errors/tributary-error.js';");
  code.line("import type { MessageCodec } from '../messages/codec.js';");
  for (const a of apis) {
    code.line(`import { ${a.request.name} } from './${a.request.fileBase}.js';`);
    code.line(`import { ${a.response.name} } from './${a.response.fileBase}.js';`);
  }
  code.line();
  emitApiTables(code, apis);
  code.line();
  emitLookups(code);
  return code.toString();
}

function emitApiTables(code: Code, apis: Api[]): void {
  code.doc(["Kafka's API keys (Kafka's `ApiKeys`), named as in the message specs without Request/Response."]);
  code.open('export const ApiKey = {');
  for (const a of apis) code.line(`${a.name}: ${a.key},`);
  code.close('} as const;');
  code.line();
  code.doc(['One of the API keys this package has codecs for.']);
  code.line('export type ApiKey = (typeof ApiKey)[keyof typeof ApiKey];');
  code.line();
  code.doc(['An API: its key and name with the codecs of its request and response bodies.']);
  code.open('export interface ApiDescriptor<Req = unknown, Res = unknown> {');
  code.line('readonly apiKey: number;');
  code.line('readonly name: string;');
  code.line('readonly request: MessageCodec<Req>;');
  code.line('readonly response: MessageCodec<Res>;');
  code.close();
  code.line();
  code.doc(['The request and response body types of each API key, for typed lookups with {@link apiByKey}.']);
  code.open('export interface ApiMessages {');
  for (const a of apis) code.line(`${a.key}: { request: ${a.request.name}; response: ${a.response.name} };`);
  code.close();
  code.line();
  code.doc(['Every API with generated codecs, by ascending API key.']);
  code.open('export const allApis: readonly ApiDescriptor[] = [');
  for (const a of apis) code.line(`{ apiKey: ${a.key}, name: ${quote(a.name)}, request: ${a.request.name}, response: ${a.response.name} },`);
  code.close('];');
}

/** The lookup functions: the same text whatever the specs say. */
const LOOKUPS = `const byKey = new Map<number, ApiDescriptor>(allApis.map((a) => [a.apiKey, a]));

/**
 * The API with key \`key\`, or \`undefined\` if there is none.
 *
 * @example
 * \`\`\`ts
 * const { request } = apiByKey(ApiKey.Produce); // typed: MessageCodec<ProduceRequest>
 * \`\`\`
 */
export function apiByKey<K extends keyof ApiMessages>(key: K): ApiDescriptor<ApiMessages[K]['request'], ApiMessages[K]['response']>;
export function apiByKey(key: number): ApiDescriptor | undefined;
export function apiByKey(key: number): ApiDescriptor | undefined {
  return byKey.get(key);
}

function knownApi(apiKey: number): ApiDescriptor {
  const api = byKey.get(apiKey);
  if (api === undefined) throw new ProtocolDecodeError(\`unknown API key \${apiKey}\`);
  return api;
}

/**
 * The request header version of a request (Kafka's \`ApiMessageType.requestHeaderVersion\`): 2 when the request
 * version is flexible, else 1. Flexible ranges are open-ended, so a version above the newest one known still
 * counts as flexible (a broker must read the header of a too-new ApiVersions request). Unknown API keys raise
 * \`ProtocolDecodeError\`.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): 1 | 2 {
  const flex = knownApi(apiKey).request.flexibleVersions;
  return flex !== null && apiVersion >= flex.min ? 2 : 1;
}

/**
 * The response header version of a response (Kafka's \`ApiMessageType.responseHeaderVersion\`): 1 when the
 * version is flexible, else 0, except ApiVersions whose response header is always version 0 so that a client
 * that does not know the broker yet can read it.
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 {
  const flex = knownApi(apiKey).response.flexibleVersions;
  if (apiKey === ApiKey.ApiVersions) return 0;
  return flex !== null && apiVersion >= flex.min ? 1 : 0;
}`;

function emitLookups(code: Code): void {
  for (const l of LOOKUPS.split('\n')) code.line(l);
}

export function emitIndex(messages: MessageModel[]): string {
  const code = new Code();
  code.line(headerLine('every spec it lists'));
  code.line("export * from './api-registry.js';");
  code.line("export * from './message-schemas.js';");
  for (const m of [...messages].sort((a, b) => a.fileBase.localeCompare(b.fileBase))) code.line(`export * from './${m.fileBase}.js';`);
  return code.toString();
}
