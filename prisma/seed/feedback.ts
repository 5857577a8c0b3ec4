/**
 * Demo feedback (意见建议反馈): a few pieces per connected canteen, in every state of the handling
 * loop — new, taken in hand, replied in time, replied late, closed, closed as a duplicate — and at
 * some canteens one still unanswered past its reply time, which the worker announces as
 * feedback.overdue on its first run. Texts are invented; contacts are visibly fake (138 0000 ….).
 * Idempotent: a canteen that already has feedback gets none.
 */
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client';
import { DEFAULT_FEEDBACK_SLA, type FeedbackCategory, type FeedbackStatus, newTrackingCode } from '../../packages/shared/src/schemas/feedback';
import { demoPng } from './demo-files';
import type { DemoFileStore } from './supply';
import { DEMO_SCHOOL_CODE } from './tree';

type Db = PrismaClient;

const HOUR = 3_600_000;

interface Scenario {
  category: FeedbackCategory;
  text: string;
  contact?: string;
  /** Hours before now that it arrived. */
  ageHours: number;
  /** Hours after arrival that the school took it in hand, replied, closed (absent: not yet). */
  startedAfter?: number;
  repliedAfter?: number;
  closedAfter?: number;
  reply?: string;
  /** Internal notes with the hours after arrival they were written. */
  notes?: [hours: number, note: string][];
  photo?: boolean;
}

const SCENARIOS: Scenario[] = [
  { category: 'taste', text: '今天午餐的炒青菜偏咸，孩子说吃不下，希望做菜时少放点盐。', ageHours: 2 },
  {
    category: 'hygiene',
    text: '孩子说餐盘上偶尔有没洗干净的油渍，请加强清洗和消毒。',
    contact: '13800000101',
    ageHours: 30,
    startedAfter: 3,
    notes: [[3, '已通知洗消间主管逐盘复检，明日抽查']],
    photo: true,
  },
  {
    category: 'portion',
    text: '六年级的孩子反映米饭不够吃，能否允许免费添饭？',
    ageHours: 4 * 24,
    startedAfter: 2,
    repliedAfter: 20,
    reply: '感谢您的反馈。学校食堂米饭和汤一直免费添加，已提醒窗口工作人员主动询问学生是否需要添饭。',
  },
  {
    category: 'service',
    text: '打饭窗口排队时间太长，低年级孩子经常吃饭很赶。',
    contact: 'wx_demo_parent',
    ageHours: 9 * 24,
    repliedAfter: 6,
    closedAfter: 48,
    reply: '已调整为低年级提前 10 分钟就餐，并增开一个打饭窗口。欢迎继续监督。',
    notes: [[47, '家长电话回访表示满意']],
  },
  {
    category: 'price',
    text: '本月伙食费比上月高了，能否公布一下费用构成？',
    ageHours: 6 * 24,
    startedAfter: 30,
    repliedAfter: 62,
    reply: '本月猪肉和蔬菜进价上涨，伙食费按县教育局核定标准收取，明细已在家长会公示，欢迎到校查阅。',
  },
  {
    category: 'other',
    text: '菜单上写的是<红烧鱼块>，孩子说实际是炸鱼，希望菜单和实际一致。',
    ageHours: 12 * 24,
    closedAfter: 5,
    notes: [[5, '与前一天另一位家长的反馈重复，已在该条中答复']],
  },
];

/** Unanswered past its reply time: not yet announced, so the worker's first check raises it. */
const OVERDUE: Scenario = { category: 'taste', text: '最近几周的菜品重复较多，希望丰富一些花样。', ageHours: DEFAULT_FEEDBACK_SLA.replyWithinHours + 20 };

export async function seedFeedback(prisma: Db, options: { storeFile: DemoFileStore; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  const canteens = await prisma.orgUnit.findMany({
    where: { level: 'canteen', connectionStatus: 'connected' },
    select: { id: true, code: true, parent: { select: { id: true, code: true } } },
    orderBy: { code: 'asc' },
  });
  let created = 0;
  for (const [index, canteen] of canteens.entries()) {
    if (!canteen.parent || (await prisma.feedback.count({ where: { canteenId: canteen.id } })) > 0) continue;
    const isDemo = canteen.parent.code === DEMO_SCHOOL_CODE;
    const handler = await prisma.user.findFirst({
      where: { orgUnitId: canteen.parent.id, role: { in: ['principal', 'canteen_manager'] } },
      orderBy: { role: 'desc' },
      select: { id: true, displayName: true },
    });
    // The demo school shows every state; elsewhere three or four, rotating, and every third canteen one overdue.
    const picked = isDemo ? [...SCENARIOS, OVERDUE] : [0, 1, 2, 3].map((k) => SCENARIOS[(index + k * 2) % SCENARIOS.length]!).concat(index % 3 === 0 ? [OVERDUE] : []);
    for (const scenario of new Set(picked)) {
      await createOne(prisma, options.storeFile, now, canteen, handler, scenario);
      created++;
    }
  }
  return created;
}

async function createOne(
  prisma: Db,
  storeFile: DemoFileStore,
  now: Date,
  canteen: { id: string; code: string },
  handler: { id: string; displayName: string } | null,
  scenario: Scenario,
): Promise<void> {
  const submittedAt = new Date(now.getTime() - scenario.ageHours * HOUR);
  const at = (hours: number | undefined) => (hours === undefined ? null : new Date(submittedAt.getTime() + hours * HOUR));
  const startedAt = at(scenario.startedAfter);
  const repliedAt = at(scenario.repliedAfter);
  const closedAt = at(scenario.closedAfter);
  const firstResponseAt = [startedAt, repliedAt, closedAt].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const status: FeedbackStatus = closedAt ? 'closed' : repliedAt ? 'replied' : startedAt ? 'in_progress' : 'new';
  const slaHours = DEFAULT_FEEDBACK_SLA.replyWithinHours;
  const dueAt = new Date(submittedAt.getTime() + slaHours * HOUR);
  const photoFileId = scenario.photo
    ? await storeFile(`seed/feedback/${canteen.code.toLowerCase()}/photo.png`, '家长反馈照片.png', demoPng(`feedback-${canteen.code}`), { supplierId: null })
    : null;

  const actor = { actorId: handler?.id ?? null, actorName: handler?.displayName ?? '学校' };
  const actions: { kind: string; fromStatus: string | null; toStatus: string | null; reply?: string; note?: string; actorId: string | null; actorName: string | null; at: Date }[] = [
    { kind: 'submitted', fromStatus: null, toStatus: 'new', actorId: null, actorName: null, at: submittedAt },
  ];
  let current: FeedbackStatus = 'new';
  const step = (kind: string, to: FeedbackStatus, when: Date, extra: { reply?: string; note?: string } = {}) => {
    actions.push({ kind, fromStatus: current, toStatus: to, ...extra, ...actor, at: when });
    current = to;
  };
  // A note written at the time of a step goes with that step, as the console records it; any other stands alone.
  const noteAt = (hours: number | undefined) => scenario.notes?.find(([h]) => h === hours)?.[1];
  const timeline: [Date, () => void][] = [];
  if (startedAt) timeline.push([startedAt, () => step('started', 'in_progress', startedAt, { note: noteAt(scenario.startedAfter) })]);
  if (repliedAt) timeline.push([repliedAt, () => step('replied', 'replied', repliedAt, { reply: scenario.reply, note: noteAt(scenario.repliedAfter) })]);
  if (closedAt) timeline.push([closedAt, () => step('closed', 'closed', closedAt, { note: noteAt(scenario.closedAfter) })]);
  const stepHours = [scenario.startedAfter, scenario.repliedAfter, scenario.closedAfter];
  for (const [hours, note] of scenario.notes ?? []) {
    if (stepHours.includes(hours)) continue;
    const when = at(hours)!;
    timeline.push([when, () => step('note', current, when, { note })]);
  }
  for (const [, apply] of timeline.sort((a, b) => a[0].getTime() - b[0].getTime())) apply();

  await prisma.feedback.create({
    data: {
      trackingCode: newTrackingCode(),
      canteenId: canteen.id,
      category: scenario.category,
      text: scenario.text,
      contact: scenario.contact ?? null,
      photoFileId,
      status,
      publicReply: repliedAt ? (scenario.reply ?? null) : null,
      publicReplyAt: repliedAt,
      submittedAt,
      slaHours,
      dueAt,
      firstResponseAt,
      repliedAt,
      closedAt,
      // Feedback already past its time before the demo starts is marked announced, except the one meant to raise an alert.
      overdueNotifiedAt: scenario === OVERDUE || repliedAt || closedAt || dueAt > now ? null : now,
      actions: { create: actions },
    },
  });
}
