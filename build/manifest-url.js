/**
 * Rewrites the manifest's development URLs (https://localhost:<port>/…) to the host a
 * production build is deployed to: `ADDIN_BASE_URL=https://example.org/reuse/ npm run build`.
 */
'use strict';

/** The dev origin every URL in manifest.xml starts with. */
function devBaseUrl(port) {
  return `https://localhost:${port}/`;
}

/** Checks and normalises ADDIN_BASE_URL: an absolute https URL, ending with "/". */
function normaliseBaseUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`ADDIN_BASE_URL must be an absolute URL such as https://example.org/reuse/ (got "${value}")`);
  }
  if (url.protocol !== 'https:')
    throw new Error(`ADDIN_BASE_URL must use https: Office loads add-ins only over https (got "${value}")`);
  if (url.search || url.hash) throw new Error(`ADDIN_BASE_URL must not have a query or fragment (got "${value}")`);
  const href = url.href;
  return href.endsWith('/') ? href : href + '/';
}

/** The manifest with every dev URL moved under `baseUrl` (unchanged when baseUrl is empty). */
function rewriteManifest(xml, baseUrl, port) {
  if (!baseUrl) return xml;
  const target = normaliseBaseUrl(baseUrl);
  return xml.split(devBaseUrl(port)).join(target);
}

module.exports = { devBaseUrl, normaliseBaseUrl, rewriteManifest };
