import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { discriminateUnions } from './block-kit-schema.js';
import { payloadLimitErrors } from './block-limits.js';

/** Where the Block Kit schema sits inside the reference directory. */
export const BLOCK_KIT_SCHEMA_PATH = 'tightknit-slack-block-kit-validator/src/slack-block-kit.schema.json';

/**
 * Validates what the app sends against the TightknitAI Block Kit JSON Schema (draft 2020-12) plus the payload-level
 * limits the schema leaves out (see block-limits.ts). One instance per sandbox: compiling takes ~100 ms.
 */
export class BlockKitValidator {
  readonly #blocks: ValidateFunction;
  readonly #modal: ValidateFunction;
  readonly #home: ValidateFunction;

  /** @throws Error naming the missing file when `referenceDir` does not hold the schema. */
  constructor(referenceDir: string) {
    const file = join(referenceDir, BLOCK_KIT_SCHEMA_PATH);
    if (!existsSync(file)) {
      throw new Error(
        `Slack sandbox: Block Kit schema not found at ${file}. Pass { referenceDir } pointing at shared/slack-reference ` +
          '(default: ../shared/slack-reference relative to the working directory).',
      );
    }
    const schema = discriminateUnions(JSON.parse(readFileSync(file, 'utf8'))) as { $id: string };
    // strict:false because the schema uses annotation keywords (description, examples) ajv's strict mode flags.
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    // ajv-formats is CommonJS; under nodenext its default import is the module object, whose .default is the plugin.
    addFormatsModule.default(ajv);
    ajv.addSchema(schema);
    this.#blocks = ajv.getSchema(schema.$id) as ValidateFunction;
    this.#modal = ajv.compile({ $ref: `${schema.$id}#/$defs/modal_view` });
    this.#home = ajv.compile({ $ref: `${schema.$id}#/$defs/home_view` });
  }

  /** Errors for a message payload (blocks + text); empty when Slack would accept it. */
  validateMessage(payload: { blocks?: unknown; text?: unknown }): string[] {
    const errors: string[] = [];
    const blocks = stripUndefined(payload.blocks);
    // An empty or absent blocks array means "text only"; the schema's minItems would otherwise reject it.
    if (Array.isArray(blocks) && blocks.length > 0 && !this.#blocks(blocks)) {
      errors.push(...describe(this.#blocks.errors, '/blocks'));
    }
    errors.push(...payloadLimitErrors({ blocks, text: payload.text, maxBlocks: 50, pointer: '/blocks' }));
    return errors;
  }

  /** Errors for a view payload (modal or home, picked by `type`). */
  validateView(view: unknown): string[] {
    const clean = stripUndefined(view) as { type?: unknown; blocks?: unknown } | undefined;
    const validate = clean?.type === 'home' ? this.#home : clean?.type === 'modal' ? this.#modal : undefined;
    if (!validate) return ['view.type must be "modal" or "home" [json-pointer:/view/type]'];
    const errors = validate(clean) ? [] : describe(validate.errors, '/view');
    errors.push(...payloadLimitErrors({ blocks: clean?.blocks, maxBlocks: 100, pointer: '/view/blocks' }));
    return errors;
  }
}

/** JSON round-trip: drops undefined keys the schema's additionalProperties:false would otherwise trip over. */
export function stripUndefined<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Turns ajv's errors into Slack-like strings: "must NOT have more than 75 characters [json-pointer:/blocks/0/…]". */
function describe(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  const all = errors ?? [];
  // Wrapper keywords only repeat what the specific errors below them say.
  const specific = all.filter((e) => !['oneOf', 'anyOf', 'allOf', 'if'].includes(e.keyword));
  const chosen = specific.length > 0 ? specific : all;
  const lines = chosen.map((e) => `${e.message ?? e.keyword}${detail(e)} [json-pointer:${prefix}${e.instancePath}]`);
  return [...new Set(lines)].slice(0, 10);
}

function detail(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  if (params.additionalProperty) return ` (${params.additionalProperty})`;
  if (params.allowedValues) return ` (${params.allowedValues.join(', ')})`;
  return '';
}
