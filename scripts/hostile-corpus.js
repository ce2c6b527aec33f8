#!/usr/bin/env node
/**
 * Generates a corpus of hostile and broken workbooks, for tests and for trying the CLI by hand:
 *
 *   node scripts/hostile-corpus.js DIR [FILE.xlsx...]    (only the files named, when any are)
 *
 * Every file is described in the manifest written to DIR/manifest.json (and returned by
 * `generateCorpus(dir)`): `expect` is "error" (every command must refuse it with one clear
 * line matching `message`), "warning" (a valid workbook: commands run and warn, matching
 * `message`) or "ok" (a valid workbook: commands run normally); where `part` is given, every
 * command that writes a workbook must keep that part byte for byte. Optional: `checkExit` (what
 * `check` exits with, 0 unless given), `values` (sheet!cell → the value `recalc` must write,
 * computed by hand from the formula) and `reader: "xml"` when ExcelJS cannot see the cells
 * (a renamed sheet part, prefixed XML, CDATA, cells without `r`): the test then reads the
 * output with a small XML reader of its own instead; `warnsOn` (the commands that must print
 * the warning, all unless given: snapshot and repair touch only REUSE formulas, so they say
 * nothing about a data table or a formula the engine cannot parse).
 * Plain node with jszip only: nothing here needs the compiled engine.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const JSZip = require('jszip');

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A minimal valid workbook, as a map of part → content: one sheet "测算" with a REUSE formula
 * and its cached value, plus whatever `extra` adds or replaces.
 */
function workbookParts(extra = {}) {
  const parts = {
    '[Content_Types].xml':
      XML_HEAD +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '</Types>',
    '_rels/.rels':
      XML_HEAD +
      `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      XML_HEAD +
      `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="测算" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      XML_HEAD +
      `<Relationships xmlns="${PKG_REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
      '</Relationships>',
    'xl/sharedStrings.xml':
      XML_HEAD + `<sst xmlns="${MAIN_NS}" count="1" uniqueCount="1"><si><t>年用水量</t></si></sst>`,
    'xl/worksheets/sheet1.xml':
      XML_HEAD +
      `<worksheet xmlns="${MAIN_NS}"><dimension ref="A1:B2"/><sheetData>` +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>240</v></c></row>' +
      '<row r="2"><c r="B2"><f>_xldudf_REUSE_TARIFF_TIERED(B1,{180,300},{3.04,3.75,5.88})</f><v>772.2</v></c></row>' +
      '</sheetData></worksheet>',
  };
  return Object.assign(parts, extra);
}

async function zipOf(parts, level = 6) {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(parts)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level } });
}

function sheetWith(body, dimension = 'A1:B2') {
  return (
    XML_HEAD + `<worksheet xmlns="${MAIN_NS}"><dimension ref="${dimension}"/><sheetData>${body}</sheetData></worksheet>`
  );
}

/** A workbook carrying the add-in's scenario store (a custom XML part) with the given JSON text. */
function scenarioParts(json) {
  const parts = workbookParts();
  parts['customXml/item1.xml'] = XML_HEAD + `<scenarios xmlns="urn:reuse-finance:scenarios:1">${json}</scenarios>`;
  parts['customXml/itemProps1.xml'] =
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
    '<ds:datastoreItem ds:itemID="{6F1B7C3E-2A4D-4E5F-9A8B-1C2D3E4F5A6B}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">' +
    '<ds:schemaRefs><ds:schemaRef ds:uri="urn:reuse-finance:scenarios:1"/></ds:schemaRefs></ds:datastoreItem>';
  parts['customXml/_rels/item1.xml.rels'] =
    XML_HEAD +
    `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/customXmlProps" Target="itemProps1.xml"/></Relationships>`;
  parts['[Content_Types].xml'] = parts['[Content_Types].xml'].replace(
    '</Types>',
    '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'
  );
  parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
    '</Relationships>',
    `<Relationship Id="rId3" Type="${REL_NS}/customXml" Target="../customXml/item1.xml"/></Relationships>`
  );
  return parts;
}

/** The base workbook with its one sheet's cells replaced by `body` (and the dimension by `dimension`). */
function sheetParts(body, dimension = 'A1:B2', extra = {}) {
  return workbookParts({ 'xl/worksheets/sheet1.xml': sheetWith(body, dimension), ...extra });
}

/** The base workbook plus a second sheet `name` whose part is xl/worksheets/sheet2.xml. */
function withSecondSheet(parts, name, xml) {
  parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace(
    '</sheets>',
    `<sheet name="${name}" sheetId="2" r:id="rId5"/></sheets>`
  );
  parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
    '</Relationships>',
    `<Relationship Id="rId5" Type="${REL_NS}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`
  );
  parts['[Content_Types].xml'] = parts['[Content_Types].xml'].replace(
    '</Types>',
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
  );
  parts['xl/worksheets/sheet2.xml'] = xml;
  return parts;
}

/** Zips entries given as [name, data] pairs, so that two entries may share a name in any spelling. */
async function zipOfEntries(entries) {
  const zip = new JSZip();
  for (const [name, data] of entries) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

// The tariff of the base workbook (180 m³ at 3.04, 180–300 at 3.75, above 300 at 5.88), by hand:
//   240 → 180×3.04 + 60×3.75 = 547.2 + 225 = 772.2;   100 → 304;   200 → 547.2 + 20×3.75 = 622.2;
//   400 → 547.2 + 120×3.75 + 100×5.88 = 547.2 + 450 + 588 = 1585.2.
const TIERED = (ref) => `_xldudf_REUSE_TARIFF_TIERED(${ref},{180,300},{3.04,3.75,5.88})`;
const ROW1 = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>240</v></c></row>';

/** Rewrites the uncompressed-size fields of every entry (local headers and central directory) to `size`: a lying zip. */
function lieAboutSizes(buf, size) {
  const out = Buffer.from(buf);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50)
      out.writeUInt32LE(size, i + 22); // local file header
    else if (sig === 0x02014b50) out.writeUInt32LE(size, i + 24); // central directory header
  }
  return out;
}

/** The corpus: [file name, how to make its bytes, expectation]. */
function cases() {
  const laughs =
    '<!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
    ']>';
  return [
    [
      'zip-bomb.xlsx',
      async () => zipOf(workbookParts({ 'xl/worksheets/sheet1.xml': Buffer.alloc(64 * 1024 * 1024, 0x20) }), 9),
      'error',
      'zip bomb|expands',
    ],
    [
      'zip-bomb-lying-sizes.xlsx',
      async () =>
        lieAboutSizes(
          await zipOf(workbookParts({ 'xl/worksheets/sheet1.xml': Buffer.alloc(64 * 1024 * 1024, 0x20) }), 9),
          1000
        ),
      'error',
      'zip bomb|expands|corrupt',
    ],
    [
      'billion-laughs.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/sharedStrings.xml': `<?xml version="1.0"?>\n${laughs}<sst xmlns="${MAIN_NS}"><si><t>&lol9;</t></si></sst>`,
          })
        ),
      'error',
      'DOCTYPE or ENTITY',
    ],
    [
      'external-entity.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/workbook.xml':
              XML_HEAD +
              '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
              workbookParts()['xl/workbook.xml'].slice(XML_HEAD.length),
          })
        ),
      'error',
      'DOCTYPE or ENTITY',
    ],
    // A declared dimension is not trusted (nothing is allocated from it): an empty sheet that claims the whole grid is just empty.
    [
      'huge-dimension.xlsx',
      async () => zipOf(workbookParts({ 'xl/worksheets/sheet1.xml': sheetWith('', 'A1:XFD1048576') })),
      'ok',
    ],
    [
      'huge-sheet-real.xlsx',
      async () => {
        // 2,100,000 real cells (over maxCells, 2,000,000) with varied values (so it compresses like a real sheet, not like a bomb), under a dimension that lies.
        const rows = [];
        for (let r = 1; r <= 210_000; r++) {
          let cells = '';
          for (let c = 0; c < 10; c++)
            cells += `<c r="${'ABCDEFGHIJ'[c]}${r}"><v>${(r * 7919 + c * 104729) % 1000003}</v></c>`;
          rows.push(`<row r="${r}">${cells}</row>`);
        }
        return zipOf(workbookParts({ 'xl/worksheets/sheet1.xml': sheetWith(rows.join(''), 'A1') }), 1);
      },
      'error',
      'more than 2,000,000 cells',
    ],
    ['truncated.xlsx', async () => (await zipOf(workbookParts())).subarray(0, 700), 'error', 'corrupt \\.xlsx'],
    [
      'word-document.xlsx',
      async () =>
        zipOf({
          '[Content_Types].xml':
            XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
          'word/document.xml':
            XML_HEAD + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        }),
      'error',
      'Word document',
    ],
    [
      'png-image.xlsx',
      async () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]),
      'error',
      'PNG image',
    ],
    ['empty.xlsx', async () => Buffer.alloc(0), 'error', 'empty'],
    [
      'deep-nesting.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/worksheets/sheet1.xml': sheetWith('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
              '</worksheet>',
              `${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</worksheet>`
            ),
          })
        ),
      'error',
      'nests XML elements',
    ],
    [
      'long-string.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/sharedStrings.xml':
              XML_HEAD +
              `<sst xmlns="${MAIN_NS}" count="1" uniqueCount="1"><si><t>${'水'.repeat(40_000)}</t></si></sst>`,
          })
        ),
      'error',
      '32,767 characters',
    ],
    [
      'password-protected.xlsx',
      async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
      'error',
      'password-protected',
    ],
    [
      'external-link.xlsx',
      async () => {
        const parts = workbookParts();
        parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace(
          '</sheets>',
          '</sheets><externalReferences><externalReference r:id="rId9"/></externalReferences>'
        );
        parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
          '</Relationships>',
          `<Relationship Id="rId9" Type="${REL_NS}/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`
        );
        parts['xl/externalLinks/externalLink1.xml'] =
          XML_HEAD +
          `<externalLink xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><externalBook r:id="rId1"><sheetNames><sheetName val="预算"/></sheetNames></externalBook></externalLink>`;
        parts['xl/externalLinks/_rels/externalLink1.xml.rels'] =
          XML_HEAD +
          `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/externalLinkPath" Target="file:///\\\\fileserver\\finance\\2025%20budget.xlsx" TargetMode="External"/></Relationships>`;
        parts['[Content_Types].xml'] = parts['[Content_Types].xml'].replace(
          '</Types>',
          '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'
        );
        parts['xl/worksheets/sheet1.xml'] = sheetWith(
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>240</v></c></row>' +
            '<row r="2"><c r="B2"><f>_xldudf_REUSE_TARIFF_TIERED(B1,{180,300},{3.04,3.75,5.88})</f><v>772.2</v></c></row>' +
            '<row r="3"><c r="B3"><f>[1]预算!$A$1*2</f><v>84</v></c></row>',
          'A1:B3'
        );
        return zipOf(parts);
      },
      'warning',
      'external link \\[1\\] to file:///\\\\\\\\fileserver',
      'xl/externalLinks/externalLink1.xml',
      // B3 reads the link, so check cannot verify it: never "consistent".
      { checkExit: 1 },
    ],
    // --- Odd but valid workbooks. Cached values are stale (0) where recalc must compute them. ---
    [
      'sheet-part-renamed.xlsx',
      async () => {
        const parts = workbookParts();
        parts['xl/worksheets/numbers.xml'] = parts['xl/worksheets/sheet1.xml'].replace('<v>772.2</v>', '<v>0</v>');
        delete parts['xl/worksheets/sheet1.xml'];
        parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
          'worksheets/sheet1.xml',
          'worksheets/numbers.xml'
        );
        parts['[Content_Types].xml'] = parts['[Content_Types].xml'].replace(
          '/xl/worksheets/sheet1.xml',
          '/xl/worksheets/numbers.xml'
        );
        return zipOf(parts);
      },
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!B2': 772.2 }, reader: 'xml' },
    ],
    [
      'prefixed-sheetdata.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/worksheets/sheet1.xml':
              XML_HEAD +
              `<x:worksheet xmlns:x="${MAIN_NS}"><x:dimension ref="A1:B2"/><x:sheetData>` +
              '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>240</x:v></x:c></x:row>' +
              `<x:row r="2"><x:c r="B2"><x:f>${TIERED('B1')}</x:f><x:v>0</x:v></x:c></x:row>` +
              '</x:sheetData></x:worksheet>',
          })
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!B2': 772.2 }, reader: 'xml' },
    ],
    [
      'formula-cdata.xlsx',
      async () => zipOf(sheetParts(`${ROW1}<row r="2"><c r="B2"><f><![CDATA[${TIERED('B1')}]]></f><v>0</v></c></row>`)),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!B2': 772.2 }, reader: 'xml' },
    ],
    [
      // Cells (and the second row) without `r`: positions follow from order. C1 = B1×2 = 480.
      'cells-without-r.xlsx',
      async () =>
        zipOf(
          sheetParts(
            `<row r="1"><c t="s"><v>0</v></c><c><v>240</v></c><c><f>B1*2</f><v>0</v></c></row><row><c/><c><f>${TIERED('B1')}</f><v>0</v></c></row>`,
            'A1:C2'
          )
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!C1': 480, '测算!B2': 772.2 }, reader: 'xml' },
    ],
    [
      // Row 3 (B3 = B2×2 = 1544.4) before row 2 before row 1.
      'rows-out-of-order.xlsx',
      async () =>
        zipOf(
          sheetParts(
            `<row r="3"><c r="B3"><f>B2*2</f><v>0</v></c></row><row r="2"><c r="B2"><f>${TIERED('B1')}</f><v>0</v></c></row>${ROW1}`,
            'A1:B3'
          )
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!B2': 772.2, '测算!B3': 1544.4 } },
    ],
    [
      // B2:B4 share the master's formula, translated: TIERED(A2), TIERED(A3), TIERED(A4) of 100, 200, 400.
      'shared-formulas.xlsx',
      async () =>
        zipOf(
          sheetParts(
            ROW1 +
              `<row r="2"><c r="A2"><v>100</v></c><c r="B2"><f t="shared" ref="B2:B4" si="0">${TIERED('A2')}</f><v>0</v></c></row>` +
              '<row r="3"><c r="A3"><v>200</v></c><c r="B3"><f t="shared" si="0"/><v>0</v></c></row>' +
              '<row r="4"><c r="A4"><v>400</v></c><c r="B4"><f t="shared" si="0"/><v>0</v></c></row>',
            'A1:B4'
          )
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!B2': 304, '测算!B3': 622.2, '测算!B4': 1585.2 } },
    ],
    [
      // gross = B1×(1+B2) = 100×1.05 = 105; B3 = gross×2 = 210.
      'named-formula.xlsx',
      async () => {
        const parts = sheetParts(
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>100</v></c></row><row r="2"><c r="B2"><v>0.05</v></c></row><row r="3"><c r="B3"><f>gross*2</f><v>0</v></c></row>',
          'A1:B3'
        );
        parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace(
          '</sheets>',
          '</sheets><definedNames><definedName name="gross">测算!$B$1*(1+测算!$B$2)</definedName></definedNames>'
        );
        return zipOf(parts);
      },
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!B3': 210 } },
    ],
    [
      // A one-variable What-If table: B2 = TIERED(B1); B3:B5 = B2 with B1 replaced by A3, A4, A5 (100, 200, 400).
      // Cached values are right, so whether recalc computes the table or keeps them, they must stay.
      'data-table.xlsx',
      async () =>
        zipOf(
          sheetParts(
            ROW1 +
              `<row r="2"><c r="B2"><f>${TIERED('B1')}</f><v>772.2</v></c></row>` +
              '<row r="3"><c r="A3"><v>100</v></c><c r="B3"><f t="dataTable" ref="B3:B5" dt2D="0" dtr="0" r1="B1"/><v>304</v></c></row>' +
              '<row r="4"><c r="A4"><v>200</v></c><c r="B4"><v>622.2</v></c></row>' +
              '<row r="5"><c r="A5"><v>400</v></c><c r="B5"><v>1585.2</v></c></row>',
            'A1:B5'
          )
        ),
      'warning',
      'data table',
      undefined,
      {
        warnsOn: ['check', 'recalc'],
        checkExit: 1,
        values: { '测算!B2': 772.2, '测算!B3': 304, '测算!B4': 622.2, '测算!B5': 1585.2 },
      },
    ],
    [
      // An ordinary formula over a range, =A1:A3*2 in C2 with no array and no dynamic-array metadata
      // (a pre-365 file, LibreOffice, a generator): Excel shows =@A1:A3*2, the row-2 value 200×2 = 400,
      // its cached value. The engine would spill 200, 400, 800 over C2:C4 (writing 400 into C3 over
      // its 7): it keeps 400 and writes nothing else.
      'implicit-intersection.xlsx',
      async () =>
        zipOf(
          sheetParts(
            '<row r="1"><c r="A1"><v>100</v></c></row><row r="2"><c r="A2"><v>200</v></c><c r="C2"><f>A1:A3*2</f><v>400</v></c></row>' +
              '<row r="3"><c r="A3"><v>400</v></c><c r="C3"><v>7</v></c></row>',
            'A1:C3'
          )
        ),
      'warning',
      'implicit intersection',
      undefined,
      { warnsOn: ['check', 'recalc'], checkExit: 1, values: { '测算!C2': 400, '测算!C3': 7 } },
    ],
    [
      // {=A1:A3*2} over C1:C3 (a pre-dynamic-array CSE formula): 200, 400, 800.
      'legacy-array-formula.xlsx',
      async () =>
        zipOf(
          sheetParts(
            '<row r="1"><c r="A1"><v>100</v></c><c r="C1"><f t="array" ref="C1:C3">A1:A3*2</f><v>0</v></c></row>' +
              '<row r="2"><c r="A2"><v>200</v></c><c r="C2"><v>0</v></c></row>' +
              '<row r="3"><c r="A3"><v>400</v></c><c r="C3"><v>0</v></c></row>',
            'A1:C3'
          )
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!C1': 200, '测算!C2': 400, '测算!C3': 800 } },
    ],
    [
      // U+FFFF is not a character XML 1.0 allows: the writer must escape it (_xFFFF_) or the output is not XML.
      // No cached value: UNICHAR is not verified against Excel, so a cached value would be kept (recalc writes only what it computes).
      'unichar-ffff.xlsx',
      async () =>
        zipOf(
          sheetParts(
            `${ROW1}<row r="2"><c r="B2"><f>${TIERED('B1')}</f><v>772.2</v></c><c r="C2"><f>UNICHAR(65535)</f></c></row>`,
            'A1:C2'
          )
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!C2': '\uffff' }, reader: 'xml' },
    ],
    [
      // B1+B1+…: 1 200 terms × 240 = 288 000 (more than HyperFormula's parser takes); cached value right.
      'sum-1200-terms.xlsx',
      async () =>
        zipOf(
          sheetParts(`${ROW1}<row r="2"><c r="B2"><f>${Array(1200).fill('B1').join('+')}</f><v>288000</v></c></row>`)
        ),
      'warning',
      'too long or too deeply nested',
      undefined,
      { warnsOn: ['check', 'recalc'], checkExit: 1, values: { '测算!B2': 288000 } },
    ],
    [
      // (((…(B1+1)…))) 150 levels deep: 241; cached value right.
      'nested-150.xlsx',
      async () =>
        zipOf(
          sheetParts(`${ROW1}<row r="2"><c r="B2"><f>${'('.repeat(150)}B1+1${')'.repeat(150)}</f><v>241</v></c></row>`)
        ),
      'warning',
      'too long or too deeply nested',
      undefined,
      { warnsOn: ['check', 'recalc'], checkExit: 1, values: { '测算!B2': 241 } },
    ],
    [
      'sheet-named-proto.xlsx',
      async () => {
        const parts = sheetParts(
          `${ROW1}<row r="2"><c r="B2"><f>${TIERED('B1')}</f><v>0</v></c><c r="C2"><f>__proto__!B1*2</f><v>0</v></c></row>`,
          'A1:C2'
        );
        parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace('name="测算"', 'name="__proto__"');
        return zipOf(parts);
      },
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '__proto__!B2': 772.2, '__proto__!C2': 480 } },
    ],
    [
      // A merge and a data validation over (nearly) the whole sheet, as a real Excel 365 file had them
      // (ExcelJS materialised every cell and hung). A whole-column reference: C1 = SUM(A:A) = 1+2+3 = 6.
      // Cached values right.
      'whole-sheet-merge-validation.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/worksheets/sheet1.xml':
              XML_HEAD +
              `<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1"><f>SUM(A:A)</f><v>6</v></c></row>` +
              '<row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row></sheetData>' +
              '<mergeCells count="1"><mergeCell ref="D1:XFD1048576"/></mergeCells>' +
              '<dataValidations count="1"><dataValidation type="whole" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation></dataValidations></worksheet>',
          })
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 0, values: { '测算!C1': 6 }, reader: 'xml' },
    ],
    [
      // The grid's first and last cells: XFD1048576 = A1×2 = 2.
      'grid-corners.xlsx',
      async () =>
        zipOf(
          sheetParts(
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><f>A1*2</f><v>0</v></c></row>',
            'A1:XFD1048576'
          )
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!XFD1048576': 2 } },
    ],
    [
      // A reference over the whole grid (17 billion cells): kept with its cached value (240 + 772.2) and reported.
      'sum-whole-grid.xlsx',
      async () =>
        zipOf(
          withSecondSheet(
            workbookParts(),
            '汇总',
            sheetWith('<row r="1"><c r="A1"><f>SUM(测算!A1:XFD1048576)</f><v>1012.2</v></c></row>', 'A1')
          )
        ),
      'warning',
      'A1:XFD1048576 \\(17,179,869,184 cells\\)',
      undefined,
      { warnsOn: ['check', 'recalc'], checkExit: 1, values: { '汇总!A1': 1012.2 } },
    ],
    [
      'utf16-sheet.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/worksheets/sheet1.xml': Buffer.concat([
              Buffer.from([0xff, 0xfe]),
              Buffer.from(
                sheetWith(`${ROW1}<row r="2"><c r="B2"><f>${TIERED('B1')}</f><v>0</v></c></row>`).replace(
                  'encoding="UTF-8"',
                  'encoding="UTF-16"'
                ),
                'utf16le'
              ),
            ]),
          })
        ),
      'ok',
      undefined,
      undefined,
      { checkExit: 1, values: { '测算!B2': 772.2 }, reader: 'xml' },
    ],
    // --- Hostile packages. ---
    [
      'hidden-duplicate-part.xlsx',
      async () => {
        const parts = workbookParts();
        return zipOfEntries([
          ...Object.entries(parts),
          ['a/../xl/worksheets/sheet1.xml', sheetWith(`${ROW1}<row r="2"><c r="B2"><f>1</f><v>1</v></c></row>`)],
        ]);
      },
      'error',
      'xl/worksheets/sheet1.xml twice.*ambiguous',
    ],
    [
      'case-duplicate-part.xlsx',
      async () => {
        const parts = workbookParts();
        return zipOfEntries([
          ...Object.entries(parts),
          ['xl/worksheets/Sheet1.xml', sheetWith(`${ROW1}<row r="2"><c r="B2"><f>1</f><v>1</v></c></row>`)],
        ]);
      },
      'error',
      'twice.*ambiguous',
    ],
    [
      'doctype-in-sheet.xlsx',
      async () =>
        zipOf(
          workbookParts({
            'xl/worksheets/sheet1.xml': workbookParts()['xl/worksheets/sheet1.xml'].replace(
              '<worksheet',
              '<!DOCTYPE worksheet><worksheet'
            ),
          })
        ),
      'error',
      'DOCTYPE or ENTITY',
    ],
    [
      'scenarios-invalid-json.xlsx',
      async () => zipOf(scenarioParts('{"schemaVersion": 1, "scenarios": [ {"name": "基准"')),
      'ok',
      'customXml/item1.xml',
    ],
    [
      'scenarios-schema-99.xlsx',
      async () => zipOf(scenarioParts('{"schemaVersion": 99, "scenarios": [], "futureField": {"x": 1}}')),
      'ok',
      'customXml/item1.xml',
    ],
  ];
}

/**
 * Hostile scenario exchange files (what the pane's "import scenarios" reads): every one must be
 * refused with a reason matching `message`, quickly, and pollute nothing.
 */
function exchangeCases() {
  const head = '{"format":"reuse-finance/scenario-exchange","exchangeVersion":1,';
  const prov =
    '"provenance":{"bureau":"x","author":"x","sourceWorkbook":"x.xlsx","exported":"2026-01-31T08:00:00.000Z","addinVersion":"0.1.0"},';
  const model = '"model":{"inputs":[{"id":"in1","ref":"sewage_fee","label":"x","unit":""}],"outputs":[]},';
  const scenario = (values) =>
    `"scenarios":[{"id":"s1","name":"x","note":"","bureau":"","author":"","created":"2026-01-31T08:00:00.000Z","modified":"2026-01-31T08:00:00.000Z","values":${values}}]}`;
  return [
    [
      'exchange-proto-pollution.reuse-scenarios.json',
      () => head + prov + model + scenario('{"__proto__":{"polluted":true},"in1":1}'),
      '__proto__',
    ],
    [
      'exchange-constructor.reuse-scenarios.json',
      () => head + prov + model.replace(/"in1"/g, '"constructor"') + scenario('{"constructor":1}'),
      'constructor',
    ],
    [
      'exchange-deep-nesting.reuse-scenarios.json',
      () => head + prov + '"x":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}',
      'nests data',
    ],
    [
      'exchange-newer-version.reuse-scenarios.json',
      () => head.replace('"exchangeVersion":1', '"exchangeVersion":7') + prov + model + scenario('{"in1":1}'),
      'newer version',
    ],
    [
      'exchange-wrong-types.reuse-scenarios.json',
      () => head + prov + model + scenario('{"in1":{"formula":"=CMD()"}}'),
      'does not match',
    ],
    [
      'exchange-huge.reuse-scenarios.json',
      () => head + prov + model + scenario(`{"in1":"${'水'.repeat(9_000_000)}"}`),
      'too large',
    ],
  ];
}

/** Writes the exchange corpus into `dir` and returns its manifest. */
function generateExchangeCorpus(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return exchangeCases().map(([file, make, message]) => {
    fs.writeFileSync(path.join(dir, file), make());
    return { file, expect: 'error', message };
  });
}

/** Writes the corpus (or only the files named in `only`) into `dir` (created if needed) and returns its manifest. */
async function generateCorpus(dir, only) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = [];
  for (const [file, make, expect, detail, kept, more] of cases()) {
    if (only && !only.includes(file)) continue;
    fs.writeFileSync(path.join(dir, file), await make());
    const base =
      expect === 'ok'
        ? { file, expect, ...(detail ? { part: detail } : {}) }
        : { file, expect, message: detail, ...(kept ? { part: kept } : {}) };
    manifest.push({ ...base, ...(more || {}) });
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const exchange = generateExchangeCorpus(path.join(dir, 'exchange'));
  fs.writeFileSync(path.join(dir, 'exchange', 'manifest.json'), JSON.stringify(exchange, null, 2) + '\n');
  return manifest;
}

module.exports = { generateCorpus, generateExchangeCorpus, workbookParts };

if (require.main === module) {
  const [dir, ...only] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/hostile-corpus.js DIR [FILE.xlsx...]');
    process.exit(2);
  }
  generateCorpus(path.resolve(dir), only.length ? only : undefined).then(
    (m) => console.log(`${m.length} files written to ${dir} (see manifest.json)`),
    (e) => {
      console.error(`hostile-corpus: ${e && e.message ? e.message : e}`);
      process.exit(1);
    }
  );
}
