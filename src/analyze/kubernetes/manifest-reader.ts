import { parseAllDocuments, type Tags } from 'yaml';
import { AirlockError } from '../../errors/index.js';
import type { JsonObject, JsonValue, KubeObject, ReadEntry } from './kube-object.js';

/** Most characters of manifest text one change may carry (all its manifests together). */
export const MAX_MANIFEST_CHARS = 8 * 1024 * 1024;
/** Most objects one change may carry: beyond that no human reviews it, so split it. */
export const MAX_OBJECTS = 10_000;
/** Deeper than any real object (a large CRD's schema nests about 60 levels); deeper input is not read. */
const MAX_DEPTH = 256;
/** A List inside a List inside …: kubectl flattens a few levels; more is not a real manifest. */
const MAX_LIST_NESTING = 8;

const TOO_MANY_HINT = 'split the change into smaller ones (one per namespace or application) and submit each';

/** The object count left for one change; shared by every manifest and diff entry in it. */
export interface ObjectBudget {
  left: number;
}

export function newBudget(): ObjectBudget {
  return { left: MAX_OBJECTS };
}

/** Manifest text, read the way kubectl reads it. */
export interface ReadManifest {
  readonly text: string;
  readonly entries: ReadEntry[];
  /**
   * Why part of the text could not be read as objects (not YAML or JSON, an alias bomb, a value
   * with no JSON form); the digest then covers the raw text, the only thing that still says what
   * it means.
   */
  readonly unreadable: string | undefined;
}

/**
 * Parses manifest text as kubectl does: a stream of YAML documents separated by `---`, or JSON.
 * YAML 1.1, as kubectl's YAML library reads it (`0b0`, `0_0` and `010` are numbers, `yes` is
 * true), so a value cannot mean one thing to Airlock and another to the cluster; but timestamps
 * stay strings, as they do there. Duplicate keys, alias bombs and syntax errors make the document
 * unreadable (an `unknown` effect), never a silently smaller manifest.
 */
export function readManifest(text: string, label: string, budget: ObjectBudget): ReadManifest {
  const entries: ReadEntry[] = [];
  let unreadable: string | undefined;
  const read = (value: unknown, source: string) => {
    const json = toJson(value, 0);
    if (json.ok) readParsed(json.value, source, entries, budget, 0);
    else {
      unreadable ??= json.problem;
      entries.push(problem(`${source} ${json.problem}`, source, undefined));
    }
  };
  const parsedJson = parseJson(text);
  if (parsedJson.ok) {
    read(parsedJson.value, label);
    return { text, entries, unreadable };
  }
  let documents;
  try {
    documents = parseAllDocuments(text, { version: '1.1', customTags: withoutTimestamps, uniqueKeys: true, merge: true, prettyErrors: false });
  } catch (error) {
    const message = firstLine(error);
    return { text, entries: [problem(`${label} could not be read as YAML (${message})`, label, undefined)], unreadable: message };
  }
  for (const [index, document] of documents.entries()) {
    const source = documents.length > 1 ? `${label}, document ${index + 1}` : label;
    const error = document.errors[0];
    if (error) {
      unreadable ??= firstLine(error);
      entries.push(problem(`${source} is not valid YAML (${firstLine(error)})`, source, undefined));
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (thrown) {
      unreadable ??= firstLine(thrown);
      entries.push(problem(`${source} could not be read (${firstLine(thrown)})`, source, undefined));
      continue;
    }
    // An empty document (`---` twice, a file of comments) holds no object; kubectl skips it too.
    if (value === null || value === undefined) continue;
    read(value, source);
  }
  return { text, entries, unreadable };
}

/**
 * Reads one object given as JSON (a diff entry's before or after). It arrived as JSON, so a value
 * with no JSON form is a malformed payload, refused rather than judged.
 */
export function readObject(value: unknown, source: string, budget: ObjectBudget): ReadEntry {
  const json = toJson(value, 0);
  if (!json.ok) throw new AirlockError('invalid_input', `${source} ${json.problem}`, { hint: 'give each diff entry as the JSON object kubectl prints (`kubectl get -o json`)' });
  if (json.value !== null && typeof json.value === 'object' && !Array.isArray(json.value) && itemsOf(json.value) !== undefined) {
    return problem(`${source} is a list; a diff entry compares one object`, source, json.value);
  }
  const entries: ReadEntry[] = [];
  readParsed(json.value, source, entries, budget, 0);
  return entries[0] ?? problem(`${source} is empty`, source, json.value);
}

// ---------------------------------------------------------------------------------------------

function readParsed(value: JsonValue, source: string, entries: ReadEntry[], budget: ObjectBudget, nesting: number): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    entries.push(problem(`${source} is not a Kubernetes object (a mapping with apiVersion, kind and metadata)`, source, value));
    return;
  }
  // kubectl reads anything with an `items` field as a list (its JSON detector matches the field
  // name in any case) and acts on each item; a typed list's items may leave out their kind.
  const items = itemsOf(value);
  if (items !== undefined) {
    if (!Array.isArray(items)) {
      entries.push(problem(`${source} has an items field that is not a list; kubectl would read it as a list of objects`, source, value));
      return;
    }
    if (nesting >= MAX_LIST_NESTING) {
      entries.push(problem(`${source} nests lists deeper than ${MAX_LIST_NESTING} levels`, source, value));
      return;
    }
    const listKind = typeof value['kind'] === 'string' && value['kind'].endsWith('List') && value['kind'] !== 'List' ? value['kind'].slice(0, -'List'.length) : undefined;
    const listVersion = typeof value['apiVersion'] === 'string' ? value['apiVersion'] : undefined;
    for (const [index, item] of items.entries()) {
      const filled = listKind && item !== null && typeof item === 'object' && !Array.isArray(item) ? fillKind(item, listKind, listVersion) : item;
      readParsed(filled, `${source}, items[${index}]`, entries, budget, nesting + 1);
    }
    return;
  }
  budget.left -= 1;
  if (budget.left < 0) {
    throw new AirlockError('input_too_large', `the change holds more than ${MAX_OBJECTS} Kubernetes objects`, { hint: TOO_MANY_HINT });
  }
  entries.push(objectEntry(value, source));
}

function objectEntry(body: JsonObject, source: string): ReadEntry {
  const apiVersion = body['apiVersion'];
  const kind = body['kind'];
  const metadata = body['metadata'];
  if (typeof apiVersion !== 'string' || !/^([^/\s]+\/)?[^/\s]+$/.test(apiVersion)) {
    return problem(`${source} has no valid apiVersion (kubectl refuses it, but Airlock cannot tell what it is)`, source, body);
  }
  if (typeof kind !== 'string' || !/^\S+$/.test(kind)) return problem(`${source} has no valid kind`, source, body);
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return problem(`${source} (${kind}) has no metadata`, source, body);
  const rawName = metadata['name'];
  const generateName = metadata['generateName'];
  let name: string;
  if (typeof rawName === 'string' && rawName !== '') name = rawName;
  // `kubectl create` lets the server pick the rest of the name.
  else if (rawName === undefined && typeof generateName === 'string' && generateName !== '') name = `${generateName}<generated>`;
  else return problem(`${source} (${kind}) has no metadata.name`, source, body);
  // The API refuses these in every name; with them an address would not parse.
  if (name === '.' || name === '..' || /[/%]/.test(name)) return problem(`${source} (${kind}) has a name the API refuses: ${JSON.stringify(name)}`, source, body);
  const rawNamespace = metadata['namespace'];
  if (rawNamespace !== undefined && rawNamespace !== null && typeof rawNamespace !== 'string') return problem(`${source} (${kind} ${name}) has a metadata.namespace that is not a string`, source, body);
  const namespace = rawNamespace || undefined;
  if (namespace !== undefined && !isNamespaceName(namespace)) return problem(`${source} (${kind} ${name}) names an invalid namespace ${JSON.stringify(namespace)}`, source, body);
  const slash = apiVersion.indexOf('/');
  const object: KubeObject = { apiVersion, group: slash === -1 ? '' : apiVersion.slice(0, slash), kind, name, namespace, body, source };
  return { ok: true, object };
}

/** A namespace name: an RFC 1123 label, as the API requires. */
export function isNamespaceName(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

function itemsOf(value: JsonObject): JsonValue | undefined {
  for (const key of Object.keys(value)) if (key.toLowerCase() === 'items') return value[key];
  return undefined;
}

function fillKind(item: JsonObject, kind: string, apiVersion: string | undefined): JsonObject {
  const out = copy(item);
  if (out['kind'] === undefined) define(out, 'kind', kind);
  if (out['apiVersion'] === undefined && apiVersion !== undefined) define(out, 'apiVersion', apiVersion);
  return out;
}

function problem(message: string, source: string, body: JsonValue | undefined): ReadEntry {
  return { ok: false, problem: message, source, body };
}

/** JSON text (what `-o json` prints), read as JSON: YAML 1.1 does not know every JSON escape. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** kubectl's YAML library leaves timestamps as strings; so must Airlock, or digests would drift. */
function withoutTimestamps(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp');
}

/**
 * Plain JSON from what the YAML library built: own data properties only (a `__proto__` key stays
 * a key), binary as base64, `!!set` and `!!omap` as mappings; anything without a JSON form (NaN,
 * Infinity) or nested deeper than any real object makes the document unreadable.
 */
function toJson(value: unknown, depth: number): { ok: true; value: JsonValue } | { ok: false; problem: string } {
  if (depth > MAX_DEPTH) return { ok: false, problem: `nests deeper than ${MAX_DEPTH} levels` };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: `holds a number with no JSON form (${value})` };
  if (value instanceof Uint8Array) return { ok: true, value: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) {
      const converted = toJson(item, depth + 1);
      if (!converted.ok) return converted;
      out.push(converted.value);
    }
    return { ok: true, value: out };
  }
  const pairs: Array<[string, unknown]> | undefined =
    value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as [string, unknown])
    : value instanceof Set ? [...value].map((k) => [String(k), null] as [string, unknown])
    : typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype ? Object.entries(value)
    : undefined;
  if (!pairs) return { ok: false, problem: `holds a value with no JSON form (${typeof value})` };
  const out: JsonObject = {};
  for (const [key, child] of pairs) {
    const converted = toJson(child, depth + 1);
    if (!converted.ok) return converted;
    define(out, key, converted.value);
  }
  return { ok: true, value: out };
}

function copy(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) define(out, key, child);
  return out;
}

/** Sets a key as an own property, so `__proto__` is a key like any other. */
function define(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
