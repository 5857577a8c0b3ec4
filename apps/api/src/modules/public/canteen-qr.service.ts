import { Inject, Injectable } from '@nestjs/common';
import { correction, generate } from 'lean-qr';
import { toPngBuffer } from 'lean-qr/extras/node_export';
import { toSvgPath } from 'lean-qr/extras/svg';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { PublicRepository } from './public.repository';

export interface CanteenQr {
  url: string;
  /** Download name: school and canteen, e.g. 达州市通川区第一小学学生食堂-公示二维码.png */
  fileName: string;
  asciiName: string;
  data: Buffer | string;
}

// Quiet zone of 4 modules (ISO/IEC 18004); 20 px a module prints about 8 cm wide at 300 dpi.
const QUIET_MODULES = 4;
const PNG_SCALE = 20;
const SVG_PX_PER_MODULE = 24;

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The printable QR code of a canteen's public page, for its school and the officials above it. */
@Injectable()
export class CanteenQrService {
  constructor(
    private readonly repository: PublicRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'PUBLIC_BASE_URL'>,
  ) {}

  async png(actor: Actor, canteenId: string, requestOrigin: string): Promise<CanteenQr> {
    const { url, label, code } = await this.target(actor, canteenId, requestOrigin);
    const qr = generate(url, { minCorrectionLevel: correction.M });
    return { url, fileName: `${label}-公示二维码.png`, asciiName: `canteen-${code}-qr.png`, data: Buffer.from(toPngBuffer(qr, { scale: PNG_SCALE, pad: QUIET_MODULES })) };
  }

  /** Vector, with the school and canteen name under the code, for printing at any size. */
  async svg(actor: Actor, canteenId: string, requestOrigin: string): Promise<CanteenQr> {
    const { url, label, code, school, canteen } = await this.target(actor, canteenId, requestOrigin);
    const qr = generate(url, { minCorrectionLevel: correction.M });
    const width = qr.size + 2 * QUIET_MODULES;
    const lines = [school, canteen, '扫码查看食堂公示信息'];
    const fontSize = (i: number) => Math.min(i === 2 ? 1.8 : 2.6, (width * 0.92) / Math.max([...lines[i]!].length, 1));
    let y = width;
    const text = lines
      .map((line, i) => {
        y += fontSize(i) * 1.45;
        return `<text x="${width / 2}" y="${y.toFixed(2)}" font-size="${fontSize(i).toFixed(2)}" text-anchor="middle"${i === 2 ? ' fill="#555"' : ''}>${escapeXml(line)}</text>`;
      })
      .join('');
    const height = y + QUIET_MODULES;
    const svg =
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height.toFixed(2)}" width="${width * SVG_PX_PER_MODULE}" height="${Math.round(height * SVG_PX_PER_MODULE)}">` +
      `<title>${escapeXml(`${label} ${url}`)}</title>` +
      `<rect width="100%" height="100%" fill="#fff"/>` +
      `<path transform="translate(${QUIET_MODULES} ${QUIET_MODULES})" fill="#000" d="${toSvgPath(qr)}"/>` +
      `<g font-family="'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif">${text}</g>` +
      `</svg>\n`;
    return { url, fileName: `${label}-公示二维码.svg`, asciiName: `canteen-${code}-qr.svg`, data: svg };
  }

  private async target(actor: Actor, canteenId: string, requestOrigin: string) {
    const scope = requireAccess(actor, 'org:read');
    const canteen = await this.repository.findCanteen(scope, canteenId);
    if (!canteen?.parent) throw notFound('未找到该食堂', 'Canteen not found');
    const base = this.config.PUBLIC_BASE_URL ?? requestOrigin;
    return {
      url: `${base}/p/${encodeURIComponent(canteen.code)}`,
      code: canteen.code,
      label: `${canteen.parent.name}${canteen.name}`,
      school: canteen.parent.name,
      canteen: canteen.name,
    };
  }
}
