/**
 * WPS's own functions scanner (wpsjs, `src/vite_plugins.js`: `TsParser`, the code behind its
 * vite plugin `functionsScanner`) run over a JSDoc rendering of the registry — one
 * `@customfunction` per function, as a WPS developer would write functions.js — must produce
 * exactly our functions.json, and its generated registration code must make the same
 * `wps.AddCustomFunction(namespace, name, fn)` calls, in the same order, as our adapter. So the
 * format is WPS's, not our reading of it.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { FUNCTIONS } from '../../../src/registry';
import type { FunctionSpec } from '../../../src/registry/types';
import { WpsApi, registerAll } from '../../../src/wps/functions';
import { customFunctionsMetadata, wpsFunctionMetadata } from '../../../src/wps/metadata';
import { WPS_NAMESPACE } from '../../../src/wps/names';
import { tempDir } from '../../helpers/fixtures';

const scanner = require('wpsjs/vite_plugins') as {
  TsParser: new (file: string) => {
    generateFunctionsJson(): { functions: unknown[] };
    generateRegister(namespace: string, code: string): string;
  };
};

// eslint-disable-next-line no-irregular-whitespace -- the comment shows the zero-width space it is about
/** JSDoc text cannot hold `*​/`; nothing else in the registry's texts needs escaping (the comparison below would show it). */
const doc = (s: string) => s.replace(/\*\//g, '*\\/');

/**
 * One JSDoc-annotated function per registry entry, typed as our metadata types it (`any`, or
 * `any[][]` for the 2-D parameters), optional parameters bracketed as JSDoc writes them. The
 * types come from the registry's shape rules, the same facts our metadata reads — the scanner,
 * not this rendering, decides how they appear in functions.json.
 */
function renderJsDoc(spec: FunctionSpec, meta = wpsFunctionMetadata(spec, 'zh-CN')): string {
  const lines = ['/**', ` * ${doc(spec.description.zh)}`, ' * @customfunction'];
  spec.params.forEach((p, i) => {
    const type = meta.parameters[i].type.replace(/\?$/, '');
    lines.push(` * @param {${type}} ${p.optional ? `[${p.name}]` : p.name} - ${doc(p.description.zh)}`);
  });
  lines.push(` * @returns {${meta.result.type}}`, ' */');
  lines.push(`function ${meta.name}(${spec.params.map((p) => p.name).join(', ')}) {}`);
  return lines.join('\n');
}

describe('WPS’s functions scanner (wpsjs) agrees with our functions.json', () => {
  let file: string;
  let source: string;

  beforeAll(async () => {
    const dir = await tempDir();
    file = path.join(dir, 'functions.js');
    source = FUNCTIONS.map((f) => renderJsDoc(f)).join('\n\n') + '\n';
    await fs.writeFile(file, source);
  });

  it('produces the same functions.json, function by function', () => {
    const theirs = new scanner.TsParser(file).generateFunctionsJson();
    const ours = customFunctionsMetadata('zh-CN');
    expect(theirs.functions).toHaveLength(ours.functions.length);
    ours.functions.forEach((f, i) => expect(theirs.functions[i]).toEqual(f));
    expect(JSON.parse(JSON.stringify(theirs))).toEqual(ours);
  });

  it('generates the same wps.AddCustomFunction calls as our adapter makes', () => {
    const code = new scanner.TsParser(file).generateRegister(WPS_NAMESPACE, source);
    const theirs = [...code.matchAll(/wps\.AddCustomFunction\("([^"]*)", "([^"]*)", (\w+)\)/g)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    const ours: string[][] = [];
    const api: WpsApi = { AddCustomFunction: (ns, name) => void ours.push([ns, name, name]) };
    registerAll(api, 'zh-CN');
    expect(theirs).toEqual(ours);
    expect(theirs).toHaveLength(FUNCTIONS.length);
  });

  it('refuses a dotted function name, which is why TARIFF.TIERED becomes TARIFF_TIERED', async () => {
    // The scanner's own rule; a dotted name cannot even be a JS function name, so test its pattern through a string-named stub.
    const dir = await tempDir();
    const bad = path.join(dir, 'bad.js');
    await fs.writeFile(bad, '/**\n * x\n * @customfunction\n */\nfunction tariff$tiered() {}\n');
    expect(() => new scanner.TsParser(bad).generateFunctionsJson()).toThrow(/不符合规范/);
  });
});
