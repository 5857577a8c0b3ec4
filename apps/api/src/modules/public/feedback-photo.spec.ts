import { exifOrientation, stripPhotoMetadata } from './feedback-photo';

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

function exif(orientation: number | null, order: 'II' | 'MM' = 'II'): Buffer {
  const tiff = Buffer.alloc(26);
  const u16 = (value: number, at: number) => (order === 'II' ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at));
  const u32 = (value: number, at: number) => (order === 'II' ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at));
  tiff.write(order, 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(1, 8);
  u16(orientation === null ? 0x010f : 0x0112, 10); // Make instead of Orientation
  u16(3, 12);
  u32(1, 14);
  u16(orientation ?? 1, 18);
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, Buffer.from('GPSLatitude 31.2', 'latin1')]);
}

const SCAN = Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x00, 0x11, 0x22, 0xff, 0xd9]);
const ICC = segment(0xe2, Buffer.from('ICC_PROFILE\0profile', 'latin1'));

function jpeg(...segments: Buffer[]) {
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, SCAN]);
}

describe('photo metadata', () => {
  it('reads the orientation in either byte order', () => {
    expect(exifOrientation(exif(6, 'II'))).toBe(6);
    expect(exifOrientation(exif(8, 'MM'))).toBe(8);
    expect(exifOrientation(exif(null))).toBeUndefined();
    expect(exifOrientation(Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>', 'latin1'))).toBeUndefined();
  });

  it('drops Exif, XMP, IPTC and comments from a JPEG, keeps colour segments, the scan, and the orientation alone', () => {
    const original = jpeg(
      segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
      segment(0xe1, exif(6)),
      segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<gps>home</gps>', 'latin1')),
      ICC,
      segment(0xed, Buffer.from('Photoshop 3.0\0by-line', 'latin1')),
      segment(0xfe, Buffer.from('phone of Li Si', 'latin1')),
    );
    const stripped = stripPhotoMetadata(original, 'jpeg');
    for (const secret of ['GPSLatitude', '<gps>', 'by-line', 'Li Si']) expect(stripped.includes(secret)).toBe(false);
    expect(stripped.includes(ICC)).toBe(true);
    expect(stripped.subarray(-SCAN.length)).toEqual(SCAN);
    // SOI, JFIF, then the new Exif with only the orientation.
    expect(stripped.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    const app1 = stripped.indexOf(Buffer.from([0xff, 0xe1]));
    expect(exifOrientation(stripped.subarray(app1 + 4, app1 + 2 + stripped.readUInt16BE(app1 + 2)))).toBe(6);
  });

  it('adds no Exif when the photo is upright or has none', () => {
    expect(stripPhotoMetadata(jpeg(segment(0xe1, exif(1))), 'jpeg')).toEqual(jpeg());
    expect(stripPhotoMetadata(jpeg(ICC), 'jpeg')).toEqual(jpeg(ICC));
  });

  it('leaves a JPEG it cannot walk as it came', () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), Buffer.from('Exif')]);
    expect(stripPhotoMetadata(broken, 'jpeg')).toEqual(broken);
  });

  it('drops text and Exif chunks from a PNG', () => {
    const chunk = (type: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(data.length, 0);
      head.write(type, 4, 'latin1');
      return Buffer.concat([head, data, Buffer.alloc(4)]);
    };
    const signature = Buffer.from('89504e470d0a1a0a', 'hex');
    const ihdr = chunk('IHDR', Buffer.alloc(13, 1));
    const idat = chunk('IDAT', Buffer.from('pixels'));
    const iend = chunk('IEND', Buffer.alloc(0));
    const original = Buffer.concat([signature, ihdr, chunk('tEXt', Buffer.from('Author\0Wang Wu')), chunk('eXIf', exif(6).subarray(6)), idat, iend]);
    expect(stripPhotoMetadata(original, 'png')).toEqual(Buffer.concat([signature, ihdr, idat, iend]));
  });
});
