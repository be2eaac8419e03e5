// Saves a file as a download, through a blob: link: text the page made (a CSV template or
// report) or bytes the server sent (an export); and reads the file's name from the server's
// Content-Disposition header (RFC 6266, with RFC 5987/8187 `filename*`).

export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the blob goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** The parameters of a Content-Disposition value by lower-case name (the first of each wins). */
function dispositionParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = header.indexOf(';');
  if (i < 0) return params;
  const n = header.length;
  while (i < n) {
    while (i < n && (header[i] === ';' || header[i] === ' ' || header[i] === '\t')) i += 1;
    const nameStart = i;
    while (i < n && header[i] !== '=' && header[i] !== ';') i += 1;
    const name = header.slice(nameStart, i).trim().toLowerCase();
    if (header[i] !== '=') continue; // a parameter without a value
    i += 1;
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i += 1;
    let value = '';
    if (header[i] === '"') {
      i += 1;
      while (i < n && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < n) i += 1;
        value += header[i];
        i += 1;
      }
      i += 1; // the closing quote
      while (i < n && header[i] !== ';') i += 1;
    } else {
      const valueStart = i;
      while (i < n && header[i] !== ';') i += 1;
      value = header.slice(valueStart, i).trim();
    }
    if (name && !params.has(name)) params.set(name, value);
  }
  return params;
}

/** An RFC 8187 ext-value (`UTF-8''%E5%AE%A2.xlsx`), decoded; null if it is not one we can read. */
function decodeExtValue(value: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match) return null;
  const charset = (match[1] ?? '').toLowerCase();
  const encoded = match[2] ?? '';
  if (charset === 'utf-8') {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return null;
    }
  }
  if (charset === 'iso-8859-1') {
    return encoded.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return null;
}

/**
 * A header is read as Latin-1, so a plain `filename="客户.xlsx"` sent as raw UTF-8 arrives as
 * mojibake: give it back as UTF-8 when its bytes are valid UTF-8, else leave it as it is.
 */
function repairUtf8(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  const bytes = Uint8Array.from(value, (ch) => ch.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}

/** Only the last part of a path, without control characters; null if nothing usable is left. */
function safeFilename(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean && clean !== '.' && clean !== '..' ? clean : null;
}

/**
 * The file name a Content-Disposition header gives: `filename*` (RFC 8187, e.g.
 * `filename*=UTF-8''%E5%AE%A2%E6%88%B7.xlsx`) when present and readable, else `filename`
 * (quoted or not); null when the header names no file.
 */
export function filenameFromContentDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const params = dispositionParams(header);
  const extended = params.get('filename*');
  const decoded = extended === undefined ? null : decodeExtValue(extended);
  if (decoded !== null) {
    const name = safeFilename(decoded);
    if (name) return name;
  }
  const plain = params.get('filename');
  return plain === undefined ? null : safeFilename(repairUtf8(plain));
}
