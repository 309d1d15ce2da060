import { isObject } from './block-limits.js';

type Schema = Record<string, unknown>;

/**
 * Rewrites the schema's discriminated unions for readable errors, without changing what it accepts.
 *
 * The Block Kit schema models blocks and elements as `oneOf` lists of `$ref`s, each alternative pinning
 * `properties.type.const`. With ajv's allErrors, one bad button then reports the failures of all ~20 other element
 * alternatives. When every alternative has a distinct `type` const, "exactly one matches" is equivalent to
 * "type is one of the consts, and the alternative with that const matches", which is what this builds with
 * `if`/`then`, so only the relevant alternative's errors surface. Unions that do not fit are left as they are.
 */
export function discriminateUnions(root: Schema): Schema {
  const defs = (root.$defs ?? {}) as Record<string, Schema>;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    const out: Schema = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    const union = (out.oneOf ?? out.anyOf) as unknown;
    const consts = Array.isArray(union) ? union.map((branch) => typeConst(branch, defs)) : [];
    const distinct = new Set(consts);
    if (
      Array.isArray(union) &&
      consts.length > 1 &&
      consts.every((c) => c !== undefined) &&
      distinct.size === consts.length
    ) {
      delete out.oneOf;
      delete out.anyOf;
      const branches = union.map((branch, i) => ({
        if: { properties: { type: { const: consts[i] } }, required: ['type'] },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
        then: branch,
      }));
      const typeCheck = { type: 'object', required: ['type'], properties: { type: { enum: consts } } };
      out.allOf = [...((out.allOf as unknown[]) ?? []), typeCheck, ...branches];
    }
    return out;
  };
  return visit(root) as Schema;
}

function typeConst(branch: unknown, defs: Record<string, Schema>): string | undefined {
  if (!isObject(branch) || typeof branch.$ref !== 'string') return undefined;
  const name = /^#\/\$defs\/([^/]+)$/.exec(branch.$ref)?.[1];
  const target = name ? defs[name] : undefined;
  const properties = target?.properties;
  if (!isObject(properties) || !isObject(properties.type)) return undefined;
  const value = properties.type.const;
  return typeof value === 'string' ? value : undefined;
}
