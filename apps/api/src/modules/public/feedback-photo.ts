import type { UploadKind } from '@/common/storage/uploads';

/**
 * A parent's phone photo carries EXIF: where it was taken (GPS), when, on which device. None of that
 * is needed to read the photo, so it is dropped before the photo is stored; only the orientation
 * survives, or the photo would show on its side.
 */
export function stripPhotoMetadata(data: Buffer, kind: UploadKind): Buffer {
  if (kind === 'jpeg') return stripJpeg(data);
  if (kind === 'png') return stripPng(data);
  return data;
}

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP1 = 0xe1;
const APP13 = 0xed;
const COM = 0xfe;

/** Segments that hold metadata: APP1 (Exif, XMP), APP13 (IPTC), comments. JFIF, ICC and Adobe stay: they say how to draw the pixels. */
const DROPPED = new Set([APP1, APP13, COM]);

function stripJpeg(data: Buffer): Buffer {
  if (data[0] !== 0xff || data[1] !== SOI) return data;
  const kept: Buffer[] = [data.subarray(0, 2)];
  let orientation: number | undefined;
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return data; // not a marker where one must be: leave the file as it came
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === SOS || marker === EOI) break;
    const length = data.readUInt16BE(at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > data.length) return data;
    if (DROPPED.has(marker)) {
      if (marker === APP1) orientation ??= exifOrientation(data.subarray(at + 4, end));
    } else {
      kept.push(data.subarray(at, end));
    }
    at = end;
  }
  const exif = orientation && orientation !== 1 ? [orientationSegment(orientation)] : [];
  // The orientation goes right after SOI (and JFIF's APP0, if any), where readers look for Exif.
  const head = kept[1] && kept[1][1] === 0xe0 ? 2 : 1;
  return Buffer.concat([...kept.slice(0, head), ...exif, ...kept.slice(head), data.subarray(at)]);
}

/** Tag 0x0112 of IFD0 in an APP1 "Exif\0\0" payload, if present and valid (1–8). */
export function exifOrientation(payload: Buffer): number | undefined {
  if (payload.length < 14 || payload.subarray(0, 6).toString('latin1') !== 'Exif\0\0') return undefined;
  const tiff = payload.subarray(6);
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return undefined;
  const u16 = (offset: number) => (order === 'II' ? tiff.readUInt16LE(offset) : tiff.readUInt16BE(offset));
  const u32 = (offset: number) => (order === 'II' ? tiff.readUInt32LE(offset) : tiff.readUInt32BE(offset));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** A minimal APP1 Exif segment holding only the orientation (big-endian TIFF, one IFD0 entry). */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, APP1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** Text and Exif chunks of a PNG (its pixels, palette and colour chunks stay). */
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(data: Buffer): Buffer {
  const kept: Buffer[] = [data.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= data.length) {
    const length = data.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > data.length) return data;
    const type = data.subarray(at + 4, at + 8).toString('latin1');
    if (!PNG_DROPPED.has(type)) kept.push(data.subarray(at, end));
    at = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}
