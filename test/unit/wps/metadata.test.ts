/**
 * WPS's functions.json against the registry and against Excel's metadata: the same functions,
 * parameters (names, order, optionality, 2-D or single), in WPS's format (types, names WPS's
 * scanner accepts), with the Chinese texts. A function added to one host and not the other, or
 * a parameter whose optionality differs between the two, fails here.
 */
import { FUNCTIONS } from '../../../src/registry';
import { customFunctionsMetadata as excelMetadata } from '../../../src/registry/metadata';
import { customFunctionsMetadata as wpsMetadata } from '../../../src/wps/metadata';
import { WPS_NAME_PATTERN, findWpsFunction, wpsFullName, wpsFunctionName } from '../../../src/wps/names';

const wps = wpsMetadata('zh-CN');
const excel = excelMetadata('en-US');
const CJK = /[\u4e00-\u9fff]/;

describe('WPS functions.json', () => {
  it('lists every registry function once, in registry order, with a name WPS accepts', () => {
    expect(wps.functions.map((f) => f.name)).toEqual(FUNCTIONS.map((f) => f.id.replace(/\./g, '_')));
    for (const f of wps.functions) expect(f.name).toMatch(WPS_NAME_PATTERN);
    expect(new Set(wps.functions.map((f) => f.name.toUpperCase())).size).toBe(FUNCTIONS.length);
  });

  it('has exactly the keys WPS’s scanner writes, and only its types', () => {
    for (const f of wps.functions) {
      expect(Object.keys(f)).toEqual(['name', 'parameters', 'description', 'result']);
      expect(['any', 'any[][]']).toContain(f.result.type);
      for (const p of f.parameters) {
        expect(Object.keys(p)).toEqual(['name', 'description', 'type']);
        expect(p.type).toMatch(/^any(\[\]\[\])?\??$/);
      }
    }
  });

  it('describes functions and parameters in Chinese, from the registry', () => {
    FUNCTIONS.forEach((spec, i) => {
      const f = wps.functions[i];
      expect(f.description).toBe(spec.description.zh);
      expect(f.description).toMatch(CJK);
      spec.params.forEach((p, j) => {
        expect(f.parameters[j].description).toBe(p.description.zh);
        expect(f.parameters[j].description).toMatch(CJK);
      });
    });
    // The English build of the same file takes the English texts.
    expect(wpsMetadata('en-US').functions[0].description).toBe(FUNCTIONS[0].description.en);
  });
});

describe('WPS and Excel metadata do not drift', () => {
  it('have the same functions', () => {
    expect(wps.functions.map((f) => f.name)).toEqual(excel.functions.map((f) => f.id.replace(/\./g, '_')));
  });

  it.each(excel.functions.map((f, i) => [f.id, i] as const))(
    '%s: same parameters, optionality, shape and result shape',
    (_id, i) => {
      const x = excel.functions[i];
      const w = wps.functions[i];
      expect(w.parameters.map((p) => p.name)).toEqual(x.parameters.map((p) => p.name));
      expect(w.parameters.map((p) => p.type.endsWith('?'))).toEqual(x.parameters.map((p) => p.optional));
      expect(w.parameters.map((p) => p.type.startsWith('any[][]'))).toEqual(
        x.parameters.map((p) => p.dimensionality === 'matrix')
      );
      expect(w.result.type === 'any[][]').toBe(x.result.dimensionality === 'matrix');
    }
  );
});

describe('WPS names', () => {
  it('join group and name with an underscore under the REUSE namespace', () => {
    const tiered = FUNCTIONS.find((f) => f.id === 'TARIFF.TIERED')!;
    expect(wpsFunctionName(tiered)).toBe('TARIFF_TIERED');
    expect(wpsFullName(tiered)).toBe('REUSE.TARIFF_TIERED');
    const policy = FUNCTIONS.find((f) => f.id === 'POLICY')!;
    expect(wpsFullName(policy)).toBe('REUSE.POLICY');
  });

  it('are found back, in any case, and Excel’s dotted names are not WPS names', () => {
    for (const f of FUNCTIONS) expect(findWpsFunction(wpsFullName(f).toLowerCase())).toBe(f);
    expect(findWpsFunction('REUSE.TARIFF.TIERED')).toBeUndefined();
    expect(findWpsFunction('REUSE.NOPE')).toBeUndefined();
  });
});
