/** References, the custom XML envelope, and the pane's value formatting: pure string handling on untrusted input. */
import { SCENARIO_NAMESPACE, rootNamespace, unwrapDocument, wrapDocument } from '../../../src/workbook/document-xml';
import { isSingleCell, normaliseRef, parseRef } from '../../../src/workbook/refs';
import { cellsOf } from '../../../src/taskpane/handlers';
import { formatDiff, formatValue, parseInput } from '../../../src/taskpane/format';

describe('refs', () => {
  it.each([
    ['Sheet1!A1', 'Sheet1!A1'],
    ["'中文 表'!$b$2", "'中文 表'!B2"],
    ['假设!C5', '假设!C5'],
    ["'假设'!$C$5:$C$7", '假设!C5:C7'],
    ["'it''s'!A1", "'it''s'!A1"],
    ['sewage_fee', 'sewage_fee'],
    ['Sheet 1!A1', undefined],
    ['A1', undefined],
    ['=A1', undefined],
    ["'a'b'!A1", undefined],
    ['S!A0', undefined],
    ['S!B2:A1', undefined],
    ['S!XFE1', undefined],
    ['TRUE', undefined],
    ['x'.repeat(400), undefined],
  ])('%s → %s', (ref, want) => expect(normaliseRef(ref)).toBe(want));

  it('knows single cells and splits a selection into cells, bounded', () => {
    expect(isSingleCell('S!A1')).toBe(true);
    expect(isSingleCell('S!A1:A2')).toBe(false);
    expect(parseRef(42)).toBeUndefined();
    expect(cellsOf("'评价'!C5:D6")).toEqual(['评价!C5', '评价!D5', '评价!C6', '评价!D6']);
    expect(cellsOf('S!A:A' as string)).toEqual([]);
    expect(cellsOf('S!A1:A1048576')).toHaveLength(1000);
  });
});

describe('custom XML envelope', () => {
  it('escapes and unescapes the JSON text', () => {
    const json = JSON.stringify({ name: '<img src=x onerror=alert(1)> & "q" ]]>' });
    const xml = wrapDocument(json);
    expect(rootNamespace(xml)).toBe(SCENARIO_NAMESPACE);
    expect(unwrapDocument(xml)).toEqual({ json });
  });

  it('accepts what a host may re-serialise: prefixes, single quotes, no declaration, CDATA', () => {
    expect(unwrapDocument(`<r:scenarios xmlns:r='${SCENARIO_NAMESPACE}'>{&quot;a&quot;:1}</r:scenarios>`)).toEqual({
      json: '{"a":1}',
    });
    expect(
      unwrapDocument(
        `<?xml version="1.0" encoding="utf-8"?><scenarios xmlns="${SCENARIO_NAMESPACE}"><![CDATA[{"a":"<b>"}]]></scenarios>`
      )
    ).toEqual({ json: '{"a":"<b>"}' });
  });

  it('reports anything else as unreadable', () => {
    expect(unwrapDocument('<scenarios xmlns="urn:other">{}</scenarios>')).toEqual({
      unreadable: expect.stringMatching(/namespace/),
    });
    expect(unwrapDocument(`<scenarios xmlns="${SCENARIO_NAMESPACE}">{}`)).toEqual({
      unreadable: expect.stringMatching(/not closed/),
    });
    expect(unwrapDocument(`<scenarios xmlns="${SCENARIO_NAMESPACE}"><a/></scenarios>`)).toEqual({
      unreadable: expect.stringMatching(/markup/),
    });
    expect(unwrapDocument('not xml')).toEqual({ unreadable: expect.any(String) });
  });
});

describe('pane formatting', () => {
  it('follows the cell number format, in the pane language', () => {
    expect(formatValue(1234567.891, '#,##0', 'en-US')).toBe('1,234,568');
    expect(formatValue(0.025, '0.00%', 'zh-CN')).toBe('2.50%');
    expect(formatValue(1.2, '0.00', 'en-US')).toBe('1.20');
    expect(formatValue({ error: '#N/A' }, '0.00', 'en-US')).toBe('#N/A');
    expect(formatDiff(-30e6, '#,##0', 'en-US')).toBe('−30,000,000');
    expect(formatDiff(0, '#,##0', 'en-US')).toBe('0'); // no sign on zero (issue 15)
  });

  it('reads what the user typed: numbers with separators or %, empty as blank, else text', () => {
    expect(parseInput('80,000,000')).toBe(80e6);
    expect(parseInput(' 2.5% ')).toBeCloseTo(0.025, 15);
    expect(parseInput('')).toBeNull();
    expect(parseInput('西部')).toBe('西部');
    expect(parseInput('=1+1')).toBe('=1+1');
  });
});
