/**
 * The JSON Schemas of what the add-in reads from outside: the scenario store kept in a workbook
 * (schema versions 1 and 2) and the scenario exchange file (exchange version 1). This file is their
 * single source: `npm run validators` (scripts/build-validators.js) compiles them with Ajv's
 * standalone code generation into validators.generated.ts, which is what runs — in Node and in
 * the pane — so neither carries Ajv's compiler or needs `new Function` (the pane's strict
 * Content-Security-Policy forbids it). test/unit/scenarios/validators.test.ts fails when the
 * generated file no longer matches these schemas.
 *
 * Pure data with no imports: the generator loads this file on its own.
 */

/** Limits on what a stored document may hold (far above real use; they bound work on hostile input). */
export const LIMITS = {
  inputs: 5000,
  outputs: 2000,
  scenarios: 2000,
  text: 2000,
  note: 20000,
  ref: 300,
} as const;

/** Ids are object keys (`values`): never one that reaches or shadows Object.prototype. */
const ID = { type: 'string', pattern: '^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{1,40}$' } as const;
const TEXT = { type: 'string', maxLength: LIMITS.text } as const;
const REF = { type: 'string', minLength: 1, maxLength: LIMITS.ref } as const;
const TIME = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$' } as const;
const VALUE = {
  anyOf: [{ type: 'number' }, { type: 'string', maxLength: LIMITS.text }, { type: 'boolean' }, { type: 'null' }],
} as const;

/** JSON Schema (draft 2020-12 subset Ajv 8 runs by default) of schema version 1. */
export const DOCUMENT_SCHEMA = {
  $id: 'urn:reuse-finance:scenarios:1',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'model', 'scenarios'],
  properties: {
    schemaVersion: { const: 1 },
    model: {
      type: 'object',
      additionalProperties: false,
      required: ['inputs', 'outputs'],
      properties: {
        inputs: {
          type: 'array',
          maxItems: LIMITS.inputs,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'ref', 'label', 'unit'],
            properties: { id: ID, ref: REF, label: TEXT, unit: TEXT },
          },
        },
        outputs: {
          type: 'array',
          maxItems: LIMITS.outputs,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'ref', 'label', 'unit', 'numberFormat'],
            properties: { id: ID, ref: REF, label: TEXT, unit: TEXT, numberFormat: { type: 'string', maxLength: 255 } },
          },
        },
      },
    },
    scenarios: {
      type: 'array',
      maxItems: LIMITS.scenarios,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'note', 'bureau', 'author', 'created', 'modified', 'values'],
        properties: {
          id: ID,
          name: { type: 'string', minLength: 1, maxLength: LIMITS.text },
          note: { type: 'string', maxLength: LIMITS.note },
          bureau: TEXT,
          author: TEXT,
          created: TIME,
          modified: TIME,
          values: { type: 'object', maxProperties: LIMITS.inputs, propertyNames: ID, additionalProperties: VALUE },
        },
      },
    },
  },
} as const;

const NUMBER = { type: 'number' } as const;
/**
 * A distribution (src/analysis/distributions.ts): its shape only; document.ts checks the rest with
 * checkDistribution (parameters per type, min < max, no other keys) — one rule, not a second copy
 * of it in the schema (whose generated code the pane's bundle carries).
 */
const DISTRIBUTION = {
  type: 'object',
  required: ['type'],
  maxProperties: 5,
  properties: {
    type: { enum: ['uniform', 'triangular', 'pert', 'normal', 'lognormal', 'discrete'] },
    values: { type: 'array', maxItems: 1000, items: NUMBER },
    weights: { type: 'array', maxItems: 1000, items: NUMBER },
  },
  additionalProperties: NUMBER,
} as const;

/** The analysis settings of schema version 2. */
const ANALYSIS = {
  type: 'object',
  additionalProperties: false,
  required: ['inputs', 'outputs', 'goals', 'correlations', 'settings'],
  properties: {
    inputs: {
      type: 'array',
      maxItems: LIMITS.inputs,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['inputId'],
        properties: {
          inputId: ID,
          low: NUMBER,
          high: NUMBER,
          values: { type: 'array', minItems: 1, maxItems: 1000, items: NUMBER },
          distribution: DISTRIBUTION,
        },
      },
    },
    outputs: {
      type: 'array',
      maxItems: LIMITS.outputs,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'expr', 'label', 'unit'],
        properties: {
          id: ID,
          expr: { type: 'string', minLength: 1, maxLength: 700 },
          label: TEXT,
          unit: TEXT,
          threshold: {
            type: 'object',
            additionalProperties: false,
            required: ['op', 'value'],
            properties: { op: { enum: ['<', '<=', '>', '>='] }, value: NUMBER },
          },
        },
      },
    },
    goals: {
      type: 'array',
      maxItems: LIMITS.outputs,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'inputId', 'outputId', 'target'],
        properties: {
          id: ID,
          inputId: ID,
          outputId: ID,
          target: NUMBER,
          between: { type: 'array', minItems: 2, maxItems: 2, items: NUMBER },
        },
      },
    },
    correlations: {
      type: 'array',
      maxItems: LIMITS.inputs,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['a', 'b', 'rho'],
        properties: { a: ID, b: ID, rho: NUMBER },
      },
    },
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        delta: NUMBER,
        iterations: { type: 'integer', minimum: 2, maximum: 1000000 },
        seed: { type: 'integer', minimum: 1, maximum: 4294967295 },
        sampling: { enum: ['lhs', 'random'] },
        bins: { type: 'integer', minimum: 1, maximum: 1000 },
      },
    },
  },
} as const;

/**
 * JSON Schema of schema version 2: version 1 with the analysis settings (ranges, value lists,
 * distributions, analysis outputs with thresholds, goals, correlations, run settings).
 */
export const DOCUMENT_SCHEMA_V2 = {
  $id: 'urn:reuse-finance:scenarios:2',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'model', 'scenarios', 'analysis'],
  properties: {
    schemaVersion: { const: 2 },
    // By reference, so the generated code validates them with version 1's functions (no second copy in the pane's bundle).
    model: { $ref: 'urn:reuse-finance:scenarios:1#/properties/model' },
    scenarios: { $ref: 'urn:reuse-finance:scenarios:1#/properties/scenarios' },
    analysis: ANALYSIS,
  },
} as const;

/** The `format` field every exchange file carries. */
export const EXCHANGE_FORMAT = 'reuse-finance/scenario-exchange';
export const EXCHANGE_VERSION = 1;

/** JSON Schema of exchange version 1: the store's model and scenarios, with provenance around them. */
export const EXCHANGE_SCHEMA = {
  $id: 'urn:reuse-finance:scenario-exchange:1',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'exchangeVersion', 'provenance', 'model', 'scenarios'],
  properties: {
    format: { const: EXCHANGE_FORMAT },
    exchangeVersion: { const: EXCHANGE_VERSION },
    provenance: {
      type: 'object',
      additionalProperties: false,
      required: ['bureau', 'author', 'sourceWorkbook', 'exported', 'addinVersion'],
      properties: {
        bureau: TEXT,
        author: TEXT,
        sourceWorkbook: { type: 'string', maxLength: 255 },
        exported: TIME,
        addinVersion: { type: 'string', maxLength: 40 },
      },
    },
    model: DOCUMENT_SCHEMA.properties.model,
    scenarios: DOCUMENT_SCHEMA.properties.scenarios,
  },
} as const;

/**
 * The validators scripts/build-validators.js generates: export name → schema. Options are the
 * ones the schemas were always compiled with (first error only; strict mode rejects unknown keywords).
 */
export const VALIDATORS = {
  validateDocument: DOCUMENT_SCHEMA,
  validateDocumentV2: DOCUMENT_SCHEMA_V2,
  validateExchange: EXCHANGE_SCHEMA,
} as const;
export const AJV_OPTIONS = { allErrors: false, strict: true, inlineRefs: false } as const;
