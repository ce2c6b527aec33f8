/** Offering bytes or text as a file download from the page. */

/** Offers bytes or text as a file download from the page (a Blob URL; a data URL where Blob URLs are missing). */
export function offerDownload(doc: Document, data: Uint8Array | string, fileName: string, type: string): void {
  const a = doc.createElement('a');
  const blob = new Blob([data as BlobPart], { type });
  const canBlob = typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function';
  a.href = canBlob
    ? URL.createObjectURL(blob)
    : `data:${type};base64,${base64(typeof data === 'string' ? new TextEncoder().encode(data) : data)}`;
  a.download = fileName;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  if (canBlob) setTimeout(() => URL.revokeObjectURL(a.href), 30_000);
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
