import {
  EditOutlined,
  HistoryOutlined,
  PrinterOutlined,
  SaveOutlined,
  SendOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  AGE_BANDS,
  servedAgeBands,
  shanghaiDay,
  type AgeBand,
  type Meal,
  type TAssessNutrition,
  type TDish,
  type TPlan,
} from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { isApiError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { dayjs, formatDateTime } from '@/lib/format';
import { useCanteenContext } from '../api/get-canteen-context';
import { useDishLibrary } from '../api/get-dishes';
import { usePlan } from '../api/get-plan';
import { useWeekPlanSummary } from '../api/get-plans';
import { useCreatePlan, usePublishPlan, useRevisePlan } from '../api/save-plan';
import {
  cellKey,
  draftFromPlan,
  draftToContent,
  emptyDraft,
  mealsOfDay,
  sameDraft,
  weekDays,
  type PlanDraft,
} from '../utils/plan-draft';
import { ageBandLabel } from '../utils/menu-labels';
import { useDebounced } from '../utils/use-debounced';
import { useSearchState } from '../utils/use-search-state';
import { PlanCostCard } from './plan-cost-card';
import { PlanGrid } from './plan-grid';
import { PlanVersionsDrawer } from './plan-versions-drawer';
import { ReasonModal } from './reason-modal';
import './menus.css';

export interface NutritionSlots {
  /** The compact verdict of one meal inside its cell. */
  renderMealNutrition?: (body: TAssessNutrition, meal: Meal) => React.ReactNode;
  /** The day's verdict under its column. */
  renderDayVerdict?: (body: TAssessNutrition) => React.ReactNode;
  /** The selected day's cards (day and each meal). */
  renderDayPanel?: (body: TAssessNutrition | undefined, title: React.ReactNode) => React.ReactNode;
}

interface WeekPlanEditorProps extends NutritionSlots {
  canteenId: string;
  weekStart: string;
}

/**
 * 周食谱: the canteen's plan of one week. A new or draft plan is edited in place; a published one
 * is changed by "修改" with a reason, which keeps the earlier version in its history.
 */
export function WeekPlanEditor(props: WeekPlanEditorProps) {
  const { canteenId, weekStart } = props;
  const [get] = useSearchState();
  const version = Number(get('version')) || undefined;
  const summary = useWeekPlanSummary(canteenId, weekStart);
  const plan = usePlan(summary.plan?.id, version);
  const context = useCanteenContext(canteenId);
  const library = useDishLibrary(canteenId);

  const error = summary.error ?? plan.error ?? library.error ?? context.error;
  if (error) return <ErrorAlert error={error} onRetry={() => void summary.refetch()} />;
  const loaded = summary.plan === null ? null : plan.data;
  if (loaded === undefined || !library.data || context.isPending) return <PageLoading />;
  return (
    <EditorBody
      key={`${canteenId}|${weekStart}|${loaded?.id ?? 'new'}|${loaded?.versionId ?? ''}`}
      {...props}
      plan={loaded}
      viewingHistory={!!version}
      library={library.data.items}
      schoolKind={context.school?.kind}
    />
  );
}

function EditorBody({
  canteenId,
  weekStart,
  plan,
  viewingHistory,
  library,
  schoolKind,
  renderMealNutrition,
  renderDayVerdict,
  renderDayPanel,
}: WeekPlanEditorProps & {
  plan: TPlan | null;
  viewingHistory: boolean;
  library: TDish[];
  schoolKind: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [get, set] = useSearchState();
  const create = useCreatePlan();
  const revise = useRevisePlan();
  const publish = usePublishPlan();
  const days = useMemo(() => weekDays(weekStart), [weekStart]);
  const base = useMemo(
    () => (plan ? draftFromPlan(plan) : emptyDraft(servedAgeBands(schoolKind))),
    [plan, schoolKind],
  );
  const [draft, setDraft] = useState<PlanDraft>(base);
  const [revising, setRevising] = useState(false);
  const [reasonOpen, setReasonOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [cellErrors, setCellErrors] = useState<Record<string, string[]>>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);

  const canWrite = can(user, 'menu:write');
  const editing =
    canWrite && !viewingHistory && (plan === null || plan.status === 'draft' || revising);
  const dirty = !sameDraft(draft, base, days);
  const today = shanghaiDay();
  const showWeekend =
    get('weekend') === '1' ||
    Object.entries(draft.entries).some(
      ([key, e]) => e.dishIds.length > 0 && days.slice(5).some((d) => key.startsWith(d)),
    );
  const visibleDays = showWeekend ? days : days.slice(0, 5);
  const bands = draft.ageBands.map((b) => b.ageBand);
  const bandParam = get('band') as AgeBand | undefined;
  const ageBand = bandParam && bands.includes(bandParam) ? bandParam : bands[0];
  const selectedDay =
    get('day') && days.includes(get('day')!)
      ? get('day')!
      : (visibleDays.find((d) => d >= today) ?? visibleDays[0]!);

  const dishById = useMemo(() => new Map(library.map((d) => [d.id, d])), [library]);
  const dishNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const entry of plan?.entries ?? []) for (const d of entry.dishes) names.set(d.id, d.name);
    for (const d of library) names.set(d.id, d.name);
    return names;
  }, [plan, library]);
  const settled = useDebounced(draft, 500);
  const bodyOf = (day: string): TAssessNutrition | undefined => {
    if (!ageBand) return undefined;
    const meals = mealsOfDay(settled, day, ageBand, dishById);
    return meals.length > 0 ? { canteenId, ageBand, meals } : undefined;
  };

  const changeCell = (
    day: string,
    meal: Meal,
    patch: { dishIds?: string[]; headcount?: number | null },
  ) => {
    if (!ageBand) return;
    const key = cellKey(day, meal, ageBand);
    setDraft((d) => ({
      ...d,
      entries: {
        ...d.entries,
        [key]: { headcount: null, dishIds: [], ...d.entries[key], ...patch },
      },
    }));
    setCellErrors((errors) => {
      if (!errors[key]) return errors;
      const { [key]: _removed, ...rest } = errors;
      return rest;
    });
  };

  /** Issues on entries.N lead back to their cell; the rest are listed above the grid. */
  const showErrors = (error: unknown, cells: string[]) => {
    const lang = i18n.language === 'en' ? 'en' : 'zh';
    const text = (issue: { message: string; messageEn: string }) =>
      lang === 'en' ? issue.messageEn : issue.message;
    if (!isApiError(error) || error.issues.length === 0) {
      setGeneralErrors([errorText(error, i18n.language, t('common.saveFailed'))]);
      return;
    }
    const byCell: Record<string, string[]> = {};
    const general: string[] = [];
    for (const issue of error.issues) {
      const match = /^entries\.(\d+)/.exec(issue.path);
      const cell = match ? cells[Number(match[1])] : undefined;
      if (cell) (byCell[cell] ??= []).push(text(issue));
      else {
        const band = /^ageBands\.(\d+)/.exec(issue.path);
        const bandName = band ? draft.ageBands[Number(band[1])]?.ageBand : undefined;
        general.push(bandName ? `${ageBandLabel(t, bandName)}：${text(issue)}` : text(issue));
      }
    }
    setCellErrors(byCell);
    setGeneralErrors(general);
  };

  const save = async (reason?: string): Promise<TPlan | undefined> => {
    const { content, cells } = draftToContent(draft, days);
    setCellErrors({});
    setGeneralErrors([]);
    try {
      const saved = plan
        ? await revise.mutateAsync({ id: plan.id, body: { ...content, reason } })
        : await create.mutateAsync({ canteenId, weekStart, ...content });
      void message.success(t('menus.plan.saved'));
      setRevising(false);
      setReasonOpen(false);
      return saved;
    } catch (error) {
      showErrors(error, cells);
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
      return undefined;
    }
  };

  const publishNow = async () => {
    const saved = dirty || !plan ? await save() : plan;
    if (!saved) return;
    try {
      await publish.mutateAsync(saved.id);
      void message.success(t('menus.plan.publishedOk'));
    } catch (error) {
      showErrors(error, draftToContent(draft, days).cells);
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
    }
  };

  const busy = create.isPending || revise.isPending || publish.isPending;
  const status = plan ? plan.status : null;

  return (
    <div className="week-plan" data-testid="week-plan">
      <Card size="small" className="section-card week-plan-toolbar">
        <div className="week-plan-toolbar-row">
          <Space wrap size={8}>
            {status === null ? (
              <Tag data-testid="plan-status">{t('menus.plan.status.none')}</Tag>
            ) : (
              <Tag color={status === 'published' ? 'green' : 'gold'} data-testid="plan-status">
                {t(`menus.plan.status.${status}`)}
              </Tag>
            )}
            {plan && (
              <Typography.Text type="secondary">
                {t('menus.plan.versionN', { n: plan.version })}
                {plan.publishedAt &&
                  ` · ${t('menus.plan.publishedAt', { at: formatDateTime(plan.publishedAt) })}`}
              </Typography.Text>
            )}
            {dirty && editing && <Tag color="orange">{t('menus.plan.unsaved')}</Tag>}
          </Space>
          <Space wrap size={8}>
            {editing && (plan === null || plan.status === 'draft') && (
              <Button
                icon={<SaveOutlined />}
                onClick={() => void save()}
                loading={create.isPending || revise.isPending}
                disabled={busy || (!dirty && !!plan)}
              >
                {t('menus.plan.saveDraft')}
              </Button>
            )}
            {editing && plan?.status === 'draft' && (
              <Popconfirm
                title={t('menus.plan.publishConfirm')}
                description={t('menus.plan.publishHint')}
                onConfirm={() => void publishNow()}
              >
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={publish.isPending}
                  disabled={busy}
                >
                  {t('menus.plan.publish')}
                </Button>
              </Popconfirm>
            )}
            {editing && plan === null && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={() => void publishNow()}
                disabled={busy}
              >
                {t('menus.plan.saveAndPublish')}
              </Button>
            )}
            {canWrite && !viewingHistory && plan?.status === 'published' && !revising && (
              <Button icon={<EditOutlined />} onClick={() => setRevising(true)}>
                {t('menus.plan.revise')}
              </Button>
            )}
            {revising && (
              <>
                <Button
                  icon={<UndoOutlined />}
                  onClick={() => {
                    setDraft(base);
                    setRevising(false);
                    setCellErrors({});
                    setGeneralErrors([]);
                  }}
                >
                  {t('menus.plan.cancelRevise')}
                </Button>
                <Button
                  type="primary"
                  icon={<SaveOutlined />}
                  disabled={!dirty || busy}
                  onClick={() => setReasonOpen(true)}
                >
                  {t('menus.plan.saveRevision')}
                </Button>
              </>
            )}
            {plan && (
              <Button icon={<HistoryOutlined />} onClick={() => setVersionsOpen(true)}>
                {t('menus.plan.history')}
              </Button>
            )}
            {plan && (
              <Link
                to={`/menus/print/${plan.id}${viewingHistory ? `?version=${plan.version}` : ''}`}
                target="_blank"
              >
                <Button icon={<PrinterOutlined />}>{t('menus.plan.print')}</Button>
              </Link>
            )}
          </Space>
        </div>
        {viewingHistory && plan && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            message={t('menus.plan.viewingHistory', { n: plan.version })}
            description={plan.reason ?? undefined}
            action={
              <Button size="small" onClick={() => set({ version: undefined })}>
                {t('menus.plan.backToLatest')}
              </Button>
            }
          />
        )}
        {!viewingHistory && plan?.reason && plan.version > 1 && (
          <div className="muted" style={{ marginTop: 8 }}>
            {t('menus.plan.lastReason', { reason: plan.reason })}
          </div>
        )}
        <div className="week-plan-bands">
          <span className="week-plan-bands-label">{t('menus.plan.bandsLabel')}</span>
          {draft.ageBands.map((b, index) => (
            <span key={b.ageBand} className="week-plan-band">
              <Tag
                closable={editing && draft.ageBands.length > 1}
                onClose={(e) => {
                  e.preventDefault();
                  setDraft((d) => ({
                    ...d,
                    ageBands: d.ageBands.filter((x) => x.ageBand !== b.ageBand),
                  }));
                }}
              >
                {ageBandLabel(t, b.ageBand)}
              </Tag>
              {editing ? (
                <InputNumber
                  size="small"
                  min={0}
                  precision={0}
                  value={b.headcount ?? undefined}
                  status={b.headcount === null ? 'warning' : undefined}
                  placeholder={t('menus.plan.headcount')}
                  aria-label={t('menus.plan.bandHeadcount', { band: b.ageBand })}
                  onChange={(v) =>
                    setDraft((d) => ({
                      ...d,
                      ageBands: d.ageBands.map((x, i) =>
                        i === index ? { ...x, headcount: v ?? null } : x,
                      ),
                    }))
                  }
                  style={{ width: 96 }}
                />
              ) : (
                <span className="tabular">
                  {t('menus.plan.headcountShort', { count: b.headcount ?? 0 })}
                </span>
              )}
            </span>
          ))}
          {editing && draft.ageBands.length < AGE_BANDS.length && (
            <Select
              size="small"
              value={null}
              placeholder={t('menus.plan.addBand')}
              style={{ width: 140 }}
              options={AGE_BANDS.filter((b) => !bands.includes(b)).map((b) => ({
                value: b,
                label: ageBandLabel(t, b),
              }))}
              onChange={(b: AgeBand) =>
                setDraft((d) => ({
                  ...d,
                  ageBands: [...d.ageBands, { ageBand: b, headcount: null }].sort(
                    (x, y) => AGE_BANDS.indexOf(x.ageBand) - AGE_BANDS.indexOf(y.ageBand),
                  ),
                }))
              }
            />
          )}
          {!showWeekend && (
            <Button size="small" type="link" onClick={() => set({ weekend: '1' })}>
              {t('menus.plan.showWeekend')}
            </Button>
          )}
        </div>
        {generalErrors.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            data-testid="plan-errors"
            message={t('menus.plan.refused')}
            description={
              <ul className="plain-list">
                {generalErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            }
          />
        )}
      </Card>

      {ageBand && (
        <Card size="small" className="section-card" style={{ marginTop: 12 }}>
          <Tabs
            activeKey={ageBand}
            onChange={(key) => set({ band: key })}
            items={bands.map((b) => ({ key: b, label: ageBandLabel(t, b) }))}
            style={{ marginBottom: 4 }}
          />
          <PlanGrid
            draft={draft}
            days={visibleDays}
            ageBand={ageBand}
            editable={editing}
            library={library}
            dishNames={dishNames}
            saved={plan ?? undefined}
            costsStale={dirty}
            cellErrors={cellErrors}
            today={today}
            selectedDay={selectedDay}
            onSelectDay={(day) => set({ day })}
            onChangeCell={changeCell}
            mealsOf={(day) => bodyOf(day)?.meals ?? []}
            renderMealNutrition={(day, meal) => {
              const body = bodyOf(day);
              return body && body.meals.some((m) => m.meal === meal)
                ? renderMealNutrition?.(body, meal)
                : null;
            }}
            renderDayVerdict={(day) => {
              const body = bodyOf(day);
              return body ? renderDayVerdict?.(body) : null;
            }}
          />
        </Card>
      )}

      <div className="week-plan-lower">
        <div className="week-plan-nutrition">
          {renderDayPanel?.(
            bodyOf(selectedDay),
            t('menus.plan.dayPanelTitle', { day: dayjs(selectedDay).format('MM-DD ddd') }),
          )}
        </div>
        {plan && <PlanCostCard plan={plan} days={visibleDays} stale={dirty} />}
      </div>

      <ReasonModal
        open={reasonOpen}
        title={t('menus.plan.reviseTitle')}
        hint={t('menus.plan.reviseHint')}
        okText={t('menus.plan.saveRevision')}
        confirmLoading={revise.isPending}
        onCancel={() => setReasonOpen(false)}
        onSubmit={(reason) => void save(reason)}
      />
      <PlanVersionsDrawer
        planId={plan?.id}
        open={versionsOpen}
        viewing={plan && viewingHistory ? plan.version : undefined}
        onClose={() => setVersionsOpen(false)}
        onView={(version) => {
          set({ version: version === undefined ? undefined : String(version) });
          setVersionsOpen(false);
        }}
      />
    </div>
  );
}
