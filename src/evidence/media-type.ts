/**
 * The media type of evidence, decided from its content and never from the claimed file name: the
 * magic numbers known to `file-type`, then a sniff of text for CSV, JSON and plain text. The name a
 * user gave the file is stored separately and only ever used as the download name.
 */
import { fileTypeFromBuffer } from "file-type";

/** How many leading bytes the detection looks at (file-type's recommended sample size). */
export const MEDIA_TYPE_SAMPLE_BYTES = 4100;

export const OCTET_STREAM = "application/octet-stream";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The sample as text, or null when it is binary. A sample cut off mid-file may end inside a
 * multi-byte character, so up to three trailing bytes are allowed to be incomplete.
 */
const asText = (sample: Uint8Array, complete: boolean): string | null => {
  if (sample.includes(0)) return null;
  const trims = complete ? [0] : [0, 1, 2, 3];
  for (const trim of trims) {
    if (trim >= sample.length && trim > 0) break;
    try {
      const text = utf8.decode(sample.subarray(0, sample.length - trim));
      // Control characters other than tab, CR, LF and form feed mark binary data.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of the check
      if (/[\u0001-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return null;
      return text.startsWith("\ufeff") ? text.slice(1) : text;
    } catch {
      // try with one byte fewer
    }
  }
  return null;
};

const looksLikeJson = (text: string, complete: boolean): boolean => {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return false;
  if (complete) {
    try {
      JSON.parse(trimmed);
      return true;
    } catch {
      return false;
    }
  }
  // A prefix of a large document: an object opening with a key, or an array opening with a value.
  return /^\{\s*("|\})/.test(trimmed) || /^\[\s*(["{[\]\d-]|true|false|null)/.test(trimmed);
};

/** Fields of one CSV line, counting commas outside double quotes; null when a quote is left open. */
const csvFieldCount = (line: string): number | null => {
  let fields = 1;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) fields += 1;
  }
  return quoted ? null : fields;
};

/** At least two complete lines with the same number (two or more) of comma-separated fields. */
const looksLikeCsv = (text: string, complete: boolean): boolean => {
  const lines = text.split(/\r?\n/);
  if (!complete) lines.pop(); // the last line may be cut off
  const rows = lines.filter((l) => l.trim() !== "").slice(0, 20);
  if (rows.length < 2) return false;
  const counts = rows.map(csvFieldCount);
  const first = counts[0];
  return first !== null && first !== undefined && first >= 2 && counts.every((c) => c === first);
};

/**
 * The media type of content whose first bytes are `sample`. `complete` says the sample is the whole
 * content (a small file), which lets JSON be parsed rather than guessed.
 */
export const detectMediaType = async (sample: Uint8Array, complete: boolean): Promise<string> => {
  if (sample.length === 0) return "text/plain";
  const known = await fileTypeFromBuffer(sample.subarray(0, MEDIA_TYPE_SAMPLE_BYTES));
  if (known) return known.mime;
  const text = asText(sample.subarray(0, MEDIA_TYPE_SAMPLE_BYTES), complete);
  if (text === null) return OCTET_STREAM;
  if (looksLikeJson(text, complete)) return "application/json";
  if (looksLikeCsv(text, complete)) return "text/csv";
  return "text/plain";
};

/** A file-name extension that matches the media type, for download names that lack one. */
export const extensionFor = (mediaType: string): string | null => {
  const map: Record<string, string> = {
    "application/json": "json",
    "text/csv": "csv",
    "text/plain": "txt",
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/zip": "zip",
  };
  return map[mediaType] ?? null;
};
