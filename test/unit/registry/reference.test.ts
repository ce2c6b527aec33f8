/** docs/functions.md is generated from the registry; this fails if someone edits one without the other. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { functionReference } from '../../../src/registry/reference';
import { FUNCTIONS, fullName } from '../../../src/registry';

describe('function reference', () => {
  const generated = functionReference();
  it('documents every registered function with its signature', () => {
    for (const f of FUNCTIONS) expect(generated).toContain(`### ${fullName(f)}(`);
  });
  it('the committed docs/functions.md is up to date (run `npm run docs` after changing the registry)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../../docs/functions.md'), 'utf8');
    expect(committed).toBe(generated);
  });
});
