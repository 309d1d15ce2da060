import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A key-name / JSON-type oracle built from java-slack-sdk `json-logs/samples` (shared/docs/slack-testing.md §2a).
 * Samples are unions of every key Slack's SDK tests observed, with masked values, so only names and JSON types count:
 * - object elements of an array are merged (a blocks array shows each block type once);
 * - a sample `{}` or `[]` or `null` is open: the SDK saw the container but never its content (e.g. `view.state`);
 * - an actual `null` is accepted wherever the key exists (Slack uses null for "none", the samples mask it).
 */
export interface Shape {
  types: Set<string>;
  keys: Map<string, Shape>;
  items?: Shape;
}

/** JSON type name of a value. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The shape of a sample value. */
export function shapeOf(sample: unknown): Shape {
  const shape: Shape = { types: new Set([jsonType(sample)]), keys: new Map() };
  if (Array.isArray(sample)) {
    for (const item of sample) shape.items = shape.items ? mergeShapes(shape.items, shapeOf(item)) : shapeOf(item);
  } else if (jsonType(sample) === 'object') {
    for (const [key, value] of Object.entries(sample as Record<string, unknown>)) shape.keys.set(key, shapeOf(value));
  }
  return shape;
}

/** Union of two shapes (types, keys and item shapes). */
export function mergeShapes(a: Shape, b: Shape): Shape {
  const keys = new Map(a.keys);
  for (const [key, shape] of b.keys) keys.set(key, keys.has(key) ? mergeShapes(keys.get(key) as Shape, shape) : shape);
  const items = a.items && b.items ? mergeShapes(a.items, b.items) : (a.items ?? b.items);
  return { types: new Set([...a.types, ...b.types]), keys, items };
}

/** Paths in `actual` whose key or JSON type the shape does not allow. Empty = conforms. */
export function shapeViolations(actual: unknown, shape: Shape, path = '$'): string[] {
  const type = jsonType(actual);
  if (type === 'null' || (shape.types.size === 1 && shape.types.has('null'))) return [];
  if (!shape.types.has(type)) return [`${path}: ${type}, sample has ${[...shape.types].join('|')}`];
  if (type === 'array') {
    if (!shape.items) return [];
    return (actual as unknown[]).flatMap((item, i) => shapeViolations(item, shape.items as Shape, `${path}[${i}]`));
  }
  if (type !== 'object' || shape.keys.size === 0) return [];
  return Object.entries(actual as Record<string, unknown>).flatMap(([key, value]) => {
    const child = shape.keys.get(key);
    return child ? shapeViolations(value, child, `${path}.${key}`) : [`${path}.${key}: key not in sample`];
  });
}

/** Default location of shared/slack-reference (tests run from the repository root). */
export const REFERENCE_DIR = join(process.cwd(), '../shared/slack-reference');

/** Loads a java-slack-sdk sample, e.g. `api/chat.postMessage.json`. */
export function javaSample(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, 'java-slack-sdk/json-logs/samples', relativePath), 'utf8'));
}

/** Shape of a java-slack-sdk sample. */
export function sampleShape(relativePath: string): Shape {
  return shapeOf(javaSample(relativePath));
}
