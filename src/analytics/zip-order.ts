/**
 * An xlsx file is a zip archive whose entries may come in any order. exceljs's streaming reader
 * needs the relationships, shared strings and styles before the sheets, and otherwise copies each
 * sheet to a temp file of its own (outside our private directory, left behind if the read is
 * cancelled). This module reads the zip's central directory and streams the same local entries,
 * byte for byte, with those parts first. ZIP64 archives (over 4 GB) are refused.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { AppError } from "../core/errors.js";

interface Entry {
  readonly name: string;
  readonly offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

const notZip = (path: string, why: string): AppError =>
  new AppError("VALIDATION", `population file ${path} is not a readable xlsx workbook (${why}).`);

const readEntries = async (path: string): Promise<{ entries: Entry[]; centralStart: number }> => {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const tailSize = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw notZip(path, "no zip directory");
    const count = tail.readUInt16LE(eocd + 10);
    const centralSize = tail.readUInt32LE(eocd + 12);
    const centralStart = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || centralStart === 0xffffffff || centralStart + centralSize > size) {
      throw notZip(path, "ZIP64 or a damaged zip directory");
    }
    const central = Buffer.alloc(centralSize);
    await handle.read(central, 0, centralSize, centralStart);
    const entries: Entry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > central.length || central.readUInt32LE(at) !== CENTRAL)
        throw notZip(path, "damaged zip directory");
      const nameLength = central.readUInt16LE(at + 28);
      const extraLength = central.readUInt16LE(at + 30);
      const commentLength = central.readUInt16LE(at + 32);
      const offset = central.readUInt32LE(at + 42);
      if (offset >= centralStart) throw notZip(path, "damaged zip directory");
      entries.push({ name: central.toString("utf8", at + 46, at + 46 + nameLength), offset });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return { entries, centralStart };
  } finally {
    await handle.close();
  }
};

const rank = (name: string): number => {
  if (name === "_rels/.rels" || name === "xl/_rels/workbook.xml.rels") return 0;
  if (name === "xl/workbook.xml") return 1;
  if (name === "xl/sharedStrings.xml" || name === "xl/styles.xml") return 2;
  return 3;
};

/** The archive's local entries (without the directory), parts exceljs needs first first. */
export const orderedZipStream = async (path: string): Promise<Readable> => {
  const { entries, centralStart } = await readEntries(path);
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  const ranges = byOffset.map((e, i) => ({
    name: e.name,
    start: e.offset,
    end: (byOffset[i + 1]?.offset ?? centralStart) - 1,
  }));
  const ordered = ranges
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i)
    .filter((r) => r.end >= r.start);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const r of ordered) {
      for await (const chunk of createReadStream(path, {
        start: r.start,
        end: r.end,
        highWaterMark: 1 << 20,
      })) {
        yield chunk as Buffer;
      }
    }
  }
  return Readable.from(chunks());
};
