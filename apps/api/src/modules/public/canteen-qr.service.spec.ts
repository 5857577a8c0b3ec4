import { ROLE_PERMISSIONS } from '@canteen/shared';
import type { Actor } from '@/common/tenancy/actor';
import { CanteenQrService } from './canteen-qr.service';
import type { PublicRepository } from './public.repository';

const actor: Actor = {
  userId: 'u',
  username: 'principal',
  displayName: '周文斌',
  role: 'principal',
  permissions: ROLE_PERMISSIONS.principal,
  mustChangePassword: false,
  orgUnit: { id: 'school', name: '实验小学', level: 'school', path: '/p/c/k/school/' },
  supplier: null,
  sessionId: 's',
  ip: '127.0.0.1',
  requestId: 'r',
};

const canteen = { id: 'canteen', code: '511702-S01-C1', name: '学生食堂<1>', path: '/p/c/k/school/canteen/', parent: { id: 'school', name: '实验小学&附属', kind: 'primary', address: null, enrolment: 100, path: '/p/c/k/school/' } };

function service(base: string | undefined, found = true) {
  const repository = { findCanteen: jest.fn().mockResolvedValue(found ? canteen : null) } as unknown as PublicRepository;
  return { qr: new CanteenQrService(repository, { PUBLIC_BASE_URL: base }), repository };
}

describe('CanteenQrService', () => {
  it('encodes the configured public address, else the request’s own origin', async () => {
    expect((await service('https://mcld.example.cn').qr.png(actor, 'canteen', 'http://internal:3000')).url).toBe('https://mcld.example.cn/p/511702-S01-C1');
    expect((await service(undefined).qr.png(actor, 'canteen', 'http://10.0.0.5:3000')).url).toBe('http://10.0.0.5:3000/p/511702-S01-C1');
  });

  it('looks the canteen up in the actor’s scope and answers 404 outside it', async () => {
    const { qr, repository } = service(undefined, false);
    await expect(qr.svg(actor, 'canteen', 'http://x')).rejects.toMatchObject({ status: 404 });
    expect(repository.findCanteen).toHaveBeenCalledWith({ path: '/p/c/k/school/' }, 'canteen');
  });

  it('makes a PNG and an SVG whose names are escaped text under the code', async () => {
    const { qr } = service('https://mcld.example.cn');
    const png = await qr.png(actor, 'canteen', '');
    expect((png.data as Buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.fileName).toBe('实验小学&附属学生食堂<1>-公示二维码.png');
    const svg = (await qr.svg(actor, 'canteen', '')).data as string;
    expect(svg).toContain('>实验小学&#38;附属</text>');
    expect(svg).toContain('>学生食堂&#60;1&#62;</text>');
    expect(svg).not.toContain('<1>');
    expect(svg).toMatch(/<path transform="translate\(4 4\)" fill="#000" d="M[\dLMZ ]+"\/>/);
  });
});
