#!/usr/bin/env node
/**
 * Serves the built pane (dist/web/) on http://127.0.0.1:PORT for the browser playground:
 * the scenario pane over the headless engine with the flagship example workbook. Read-only
 * static server, loopback only. `npm run playground` builds first, then runs this.
 *
 *   PORT=3100 node scripts/playground.js      (default port 3100; 0 picks a free one)
 */
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const WEB = path.resolve(__dirname, '..', 'dist', 'web');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json',
};

/** A static server for `dir` on 127.0.0.1; `/` is the playground page. */
function createServer(dir = WEB) {
  return http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url || '/', 'http://x').pathname).replace(/^\/+/, '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = path.resolve(dir, rel || 'playground.html');
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    fs.createReadStream(file).pipe(res);
  });
}

module.exports = { createServer };

if (require.main === module) {
  if (!fs.existsSync(path.join(WEB, 'playground.html'))) {
    console.error(
      'dist/web/playground.html is missing: run `npm run build` first (npm run playground does it for you)'
    );
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 3100);
  const server = createServer();
  server.on('error', (e) => {
    console.error(`playground: ${e.message}${e.code === 'EADDRINUSE' ? ` (set PORT to another port)` : ''}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`Reuse Finance playground: http://127.0.0.1:${server.address().port}/  (Ctrl+C to stop)`);
  });
}
