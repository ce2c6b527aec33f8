/**
 * One source of truth: the registry, the functions.json files the build emitted for Excel
 * (en-US and zh-CN), and the functions the headless engine registers must agree on names,
 * parameter count and optionality.
 */
import fs from 'fs';
import path from 'path';
import { HyperFormula } from 'hyperformula';
import { FUNCTIONS, fullName } from '../../../src/registry';
import {
  CustomFunctionsMetadata,
  customFunctionsMetadata,
  paramDimensionality,
  resultDimensionality,
} from '../../../src/registry/metadata';
import { Engine, isEngineError, registeredReuseNames } from '../../../src/engine/engine';

const WEB = path.resolve(__dirname, '../../../dist/web');

function readEmitted(file: string): CustomFunctionsMetadata {
  const p = path.join(WEB, file);
  if (!fs.existsSync(p))
    throw new Error(
      `${path.relative(process.cwd(), p)} is missing: run \`npm run build\` first (npm test does it for you)`
    );
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

const en = readEmitted('functions.json');
const zh = readEmitted('functions.zh-CN.json');
const CJK = /[\u3400-\u9fff]/;
const sorted = (xs: string[]) => xs.slice().sort();

describe('registry ↔ emitted functions.json', () => {
  it('the build output is current (equal to what the registry generates now)', () => {
    expect(en).toEqual(customFunctionsMetadata('en-US'));
    expect(zh).toEqual(customFunctionsMetadata('zh-CN'));
  });

  it.each([
    ['functions.json', en],
    ['functions.zh-CN.json', zh],
  ])('%s lists every registry function once, id = name = registry id', (_, meta) => {
    const ids = meta.functions.map((f) => f.id);
    expect(ids).toEqual(FUNCTIONS.map((f) => f.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of meta.functions) expect(f.name).toBe(f.id);
  });

  it('lets error values reach the functions (allowErrorForDataTypeAny)', () => {
    expect(en.allowErrorForDataTypeAny).toBe(true);
    expect(zh.allowErrorForDataTypeAny).toBe(true);
  });

  it.each(FUNCTIONS.map((f) => [f.id, f] as const))(
    '%s: parameters, optionality, dimensionality and texts match',
    (id, spec) => {
      for (const [meta, lang] of [
        [en, 'en'],
        [zh, 'zh'],
      ] as const) {
        const m = meta.functions.find((f) => f.id === id)!;
        expect(m.description).toBe(spec.description[lang]);
        expect(m.result).toEqual({ dimensionality: resultDimensionality(spec) });
        expect(m.parameters.map((p) => p.name)).toEqual(spec.params.map((p) => p.name));
        expect(m.parameters.map((p) => p.optional)).toEqual(spec.params.map((p) => p.optional === true));
        m.parameters.forEach((p, i) => {
          const s = spec.params[i];
          expect(p.type).toBe('any');
          expect(p.description).toBe(s.description[lang]);
          expect(p.dimensionality).toBe(paramDimensionality(spec, s));
          if (s.kind === 'list' || s.kind === 'table') expect(p.dimensionality).toBe('matrix');
        });
        const r = spec.result;
        if (r.kind === 'elementwise' || r.kind === 'rows') {
          expect(m.parameters.find((p) => p.name === r.over)?.dimensionality).toBe('matrix');
        }
      }
    }
  );

  it('zh-CN descriptions are Chinese (functions and parameters)', () => {
    const notChinese = zh.functions.flatMap((f) => [
      ...(CJK.test(f.description) ? [] : [`${f.id}: ${f.description}`]),
      ...f.parameters.filter((p) => !CJK.test(p.description)).map((p) => `${f.id}.${p.name}: ${p.description}`),
    ]);
    expect(notChinese).toEqual([]);
  });

  it("names follow Excel's rules: ids A–Z, 0–9, _ and . (≥ 3 chars, starting with a letter); snake_case parameters; optional ones last", () => {
    for (const f of en.functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9_.]{2,}$/);
      for (const p of f.parameters) expect(p.name).toMatch(/^[a-z][a-z0-9_]*$/);
      const firstOptional = f.parameters.findIndex((p) => p.optional);
      if (firstOptional >= 0) expect(f.parameters.slice(firstOptional).every((p) => p.optional)).toBe(true);
      expect(f.description.length).toBeGreaterThan(0);
    }
  });

  it('descriptions fit in 128 characters in both languages (the tightest limit Office documents for them)', () => {
    const tooLong = [en, zh].flatMap((m) =>
      m.functions.flatMap((f) =>
        [f.description, ...f.parameters.map((p) => p.description)]
          .filter((d) => d.length > 128)
          .map((d) => `${f.id}: ${d}`)
      )
    );
    expect(tooLong).toEqual([]);
  });
});

describe('registry ↔ engine registrations', () => {
  const names = registeredReuseNames();

  it("the engine registers exactly the registry's functions, as REUSE.<id>", () => {
    expect(sorted(names)).toEqual(sorted(FUNCTIONS.map(fullName)));
    expect(sorted(en.functions.map((f) => `REUSE.${f.name}`))).toEqual(sorted(names));
  });

  it.each(FUNCTIONS.map((f) => [fullName(f), f] as const))('%s: same parameter count in HyperFormula', (name, spec) => {
    const plugin = HyperFormula.getFunctionPlugin(name) as unknown as {
      implementedFunctions: Record<string, { parameters?: unknown[] }>;
    };
    expect(plugin).toBeDefined();
    expect(plugin.implementedFunctions[name].parameters ?? []).toHaveLength(spec.params.length);
  });

  /**
   * HyperFormula declares every REUSE parameter optional (the plugin checks the count itself,
   * so that it can give a precise message): optionality is checked by behaviour instead.
   */
  const topLeft = (v: unknown): unknown => (Array.isArray(v) ? (v[0] as unknown[])[0] : v);
  const arityError = (formula: string): string | undefined => {
    const v = topLeft(Engine.evaluate(formula));
    return isEngineError(v) && /takes .* arguments/.test(v.message) ? v.message : undefined;
  };
  const call = (name: string, n: number) => `=${name}(${Array(n).fill('1').join(',')})`;

  it.each(FUNCTIONS.map((f) => [fullName(f), f] as const))(
    '%s: engine accepts exactly required…all arguments',
    (name, spec) => {
      const required = spec.params.filter((p) => !p.optional).length;
      if (required > 0) expect(arityError(call(name, required - 1))).toBeDefined();
      expect(arityError(call(name, required))).toBeUndefined();
      expect(arityError(call(name, spec.params.length))).toBeUndefined();
      expect(arityError(call(name, spec.params.length + 1))).toBeDefined();
    }
  );
});
