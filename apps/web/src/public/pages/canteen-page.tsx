import { useCallback, useEffect, useState } from 'react';
import type { TPublicCanteen, TPublicDish } from '@canteen/shared';
import { DishSheet } from '../components/dish-sheet';
import {
  LaterSections,
  LedgerSection,
  LicencesSection,
  SourcesSection,
} from '../components/disclosure-sections';
import { FeedbackForm } from '../components/feedback-form';
import { FeedbackTracker } from '../components/feedback-tracker';
import { TodayMenu, WeekMenu } from '../components/menu-sections';
import { NutritionCards } from '../components/nutrition-card';
import { Badge, Empty, Failure, Loading, PageShell, Section } from '../components/page-shell';
import { shanghaiTime } from '../lib/dates';
import { SCHOOL_KIND_LABELS } from '../lib/labels';
import { getJson } from '../lib/public-api';
import { useLoad } from '../lib/use-load';
import { NotFoundPage } from './not-found-page';

declare global {
  interface Window {
    /** The request public.html starts before the bundle has loaded. */
    __publicCanteen?: Promise<Response>;
  }
}

function takeEarlyRequest(): Promise<Response> | undefined {
  const started = window.__publicCanteen;
  window.__publicCanteen = undefined;
  return started;
}

function Header({ page }: { page: TPublicCanteen }) {
  const region = [page.region.city, page.region.county].filter(Boolean).join(' · ');
  return (
    <header className="hero">
      <p className="hero-region">{region}</p>
      <h1>{page.school.name}</h1>
      <p className="hero-canteen">{page.name}</p>
      <p className="hero-meta">
        {SCHOOL_KIND_LABELS[page.school.kind] ?? page.school.kind}
        {page.school.enrolmentApprox ? ` · 约 ${page.school.enrolmentApprox} 名学生` : ''}
        {page.school.address ? ` · ${page.school.address}` : ''}
      </p>
      {page.rating ? (
        <p className="hero-rating">
          食品安全等级 <Badge tone="green">{page.rating.grade}</Badge>
          <span className="small">
            {' '}
            {page.rating.ratedBy} {page.rating.ratedOn} 评定
          </span>
        </p>
      ) : null}
    </header>
  );
}

type Anchor = { id: string; label: string };

function Contents({ anchors }: { anchors: Anchor[] }) {
  return (
    <nav className="contents" aria-label="本页目录">
      {anchors.map((a) => (
        <a key={a.id} href={`#${a.id}`} className="chip">
          {a.label}
        </a>
      ))}
    </nav>
  );
}

function Canteen({ page }: { page: TPublicCanteen }) {
  const [dish, setDish] = useState<TPublicDish | null>(null);
  const [tracked, setTracked] = useState<{ code: string } | null>(null);
  const close = useCallback(() => setDish(null), []);
  const shows = (section: TPublicCanteen['sections'][number]) => page.sections.includes(section);
  useEffect(() => {
    document.title = `${page.school.name}${page.name} · 食堂公示`;
  }, [page]);

  // The API sends a section's data only when the canteen makes it public (`sections`); one without
  // data still shows and says so: a missing menu is something parents should see, not a page that
  // silently got shorter.
  const sources = page.sources && page.sources.suppliers.length > 0 ? page.sources : null;
  const licences =
    page.licences && (page.licences.own.length > 0 || page.licences.suppliers.length > 0)
      ? page.licences
      : null;

  const anchors: Anchor[] = [
    ...(page.menu ? [{ id: 'today', label: '今日菜谱' }] : []),
    ...(shows('menu') ? [{ id: 'week', label: '本周食谱' }] : []),
    ...(shows('sources') ? [{ id: 'sources', label: '食材来源' }] : []),
    ...(shows('licences') ? [{ id: 'licences', label: '证照' }] : []),
    ...(shows('ledger') ? [{ id: 'ledger', label: '账本签名' }] : []),
    ...(shows('feedback') ? [{ id: 'feedback', label: '意见建议' }] : []),
  ];

  return (
    <PageShell back city={page.region.city}>
      <Header page={page} />
      <Contents anchors={anchors} />
      {page.menu ? (
        <Section id="today" title="今日菜谱">
          <TodayMenu menu={page.menu} onOpen={setDish} />
        </Section>
      ) : null}
      {page.nutrition && page.menu ? (
        <Section
          id="nutrition"
          title="营养评估"
          note="按国家卫生行业标准《学生餐营养指南》评估当天供餐，分年龄段。"
        >
          <NutritionCards nutrition={page.nutrition} day={page.menu.today} />
        </Section>
      ) : null}
      {shows('menu') ? (
        <Section id="week" title="本周食谱">
          {page.menu ? (
            <WeekMenu menu={page.menu} onOpen={setDish} />
          ) : (
            <Empty>本周食谱尚未公布，学校发布后会显示在这里。</Empty>
          )}
        </Section>
      ) : null}
      {shows('sources') ? (
        <Section
          id="sources"
          title="食材从哪里来"
          note={sources ? '近 30 天验收入库的食材来自以下单位和产地基地。' : undefined}
        >
          {sources ? (
            <SourcesSection sources={sources} />
          ) : (
            <Empty>近 30 天暂无验收入库的食材记录。</Empty>
          )}
        </Section>
      ) : null}
      {shows('licences') ? (
        <Section id="licences" title="证照公示">
          {licences ? (
            <LicencesSection licences={licences} />
          ) : (
            <Empty>
              暂无可公示的证照：本食堂的证照尚未录入平台，近期也没有签约或供货的供应商。
            </Empty>
          )}
        </Section>
      ) : null}
      {page.staff && page.staff.total > 0 ? (
        <Section id="staff" title="从业人员">
          <div className="card">
            共 {page.staff.total} 人：管理人员 {page.staff.managers} 人，厨房工作人员{' '}
            {page.staff.kitchenStaff} 人
          </div>
        </Section>
      ) : null}
      {shows('ledger') ? (
        <Section id="ledger" title="账本每日签名">
          {page.ledger ? (
            <LedgerSection ledger={page.ledger} />
          ) : (
            <Empty>本县（区）的账本尚未生成每日签名。</Empty>
          )}
        </Section>
      ) : null}
      <LaterSections page={page} />
      {shows('feedback') ? (
        <Section
          id="feedback"
          title="意见建议"
          note="您的意见会直接送到学校，学校须在期限内答复，县（区）教育部门可以看到处理情况。"
        >
          <FeedbackForm canteenCode={page.code} onTrack={(code) => setTracked({ code })} />
        </Section>
      ) : null}
      <Section id="track" title="查询反馈进度">
        <FeedbackTracker lookUp={tracked} />
      </Section>
      <p className="generated muted small">信息更新于 {shanghaiTime(page.generatedAt)}</p>
      {dish && page.menu ? (
        <DishSheet dish={dish} menu={page.menu} sources={page.sources} onClose={close} />
      ) : null}
    </PageShell>
  );
}

export function CanteenPage({ code }: { code: string }) {
  const page = useLoad(code, () =>
    getJson<TPublicCanteen>(`/api/public/canteens/${encodeURIComponent(code)}`, takeEarlyRequest()),
  );
  switch (page.state) {
    case 'loading':
      return (
        <PageShell back>
          <Loading label="正在打开食堂公示…" />
        </PageShell>
      );
    case 'missing':
      return <NotFoundPage code={code} />;
    case 'failed':
      return (
        <PageShell back>
          <Failure message={page.message} onRetry={page.retry} />
        </PageShell>
      );
    case 'ready':
      return <Canteen page={page.data} />;
  }
}
