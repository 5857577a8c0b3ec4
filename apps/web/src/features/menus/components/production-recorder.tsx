import { CheckCircleOutlined, SaveOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Result, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AGE_BANDS,
  weekStartOf,
  type AgeBand,
  type Meal,
  type TProductionRecord,
  type TProductionResult,
} from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { usePlan } from '../api/get-plan';
import { useWeekPlanSummary } from '../api/get-plans';
import { useProductionRecords } from '../api/get-production';
import { useRecordProduction } from '../api/record-production';
import { ageBandLabel, deviationText } from '../utils/menu-labels';
import { ExecutionLinesTable } from './execution-lines-table';
import { ReasonModal } from './reason-modal';
import './menus.css';

interface FormValues {
  served: Partial<Record<AgeBand, number | null>>;
  leftovers: Record<string, number | null>;
  note?: string;
}

/**
 * 生产记录 of one meal, for the kitchen's tablet: students served per age band and what was left
 * of each dish. The answer carries the execution check made on saving.
 */
export function ProductionRecorder({
  canteenId,
  day,
  meal,
}: {
  canteenId: string;
  day: string;
  meal: Meal;
}) {
  const summary = useWeekPlanSummary(canteenId, weekStartOf(day));
  const plan = usePlan(summary.plan?.id);
  const records = useProductionRecords({ canteenId, from: day, to: day });
  const { t } = useTranslation();
  const [result, setResult] = useState<TProductionResult | null>(null);

  const error = summary.error ?? plan.error ?? records.error;
  if (error) return <ErrorAlert error={error} onRetry={() => void records.refetch()} />;
  if (summary.plan === undefined || (summary.plan && !plan.data) || !records.data)
    return <PageLoading />;
  const entries = (plan.data?.entries ?? [])
    .filter((e) => e.day === day && e.meal === meal)
    .sort((a, b) => AGE_BANDS.indexOf(a.ageBand) - AGE_BANDS.indexOf(b.ageBand));
  if (!plan.data || plan.data.status !== 'published' || entries.length === 0) {
    return (
      <Card className="section-card">
        <Empty
          description={
            plan.data && plan.data.status !== 'published'
              ? t('menus.production.planNotPublished')
              : t('menus.production.noPlan')
          }
        />
      </Card>
    );
  }
  const record = records.data.find((r) => r.meal === meal && r.day === day);
  const shown =
    result && result.canteen.id === canteenId && result.day === day && result.meal === meal
      ? result
      : null;
  return (
    <>
      <ProductionForm
        key={`${canteenId}|${day}|${meal}|${record?.version ?? 0}`}
        canteenId={canteenId}
        day={day}
        meal={meal}
        entries={entries}
        record={record}
        onSaved={setResult}
      />
      {shown && <ExecutionCheck result={shown} />}
    </>
  );
}

/** The execution check made when the record was saved: recipe demand against the day's issues. */
function ExecutionCheck({ result }: { result: TProductionResult }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="section-card"
      style={{ marginTop: 16 }}
      data-testid="production-result"
      title={t('menus.production.checkTitle')}
      extra={
        result.execution.outOfTolerance ? (
          <Tag color="red" icon={<WarningOutlined />}>
            {t('menus.execution.outOfTolerance')}
          </Tag>
        ) : (
          <Tag color="green" icon={<CheckCircleOutlined />}>
            {t('menus.execution.withinTolerance')}
          </Tag>
        )
      }
    >
      {result.execution.lines.length === 0 ? (
        <Result status="info" title={t('menus.production.noIssues')} />
      ) : (
        <>
          <p className="muted">
            {t('menus.production.checkSummary', {
              deviation: deviationText(result.execution.deviation),
            })}
          </p>
          <ExecutionLinesTable lines={result.execution.lines} />
        </>
      )}
    </Card>
  );
}

function ProductionForm({
  canteenId,
  day,
  meal,
  entries,
  record,
  onSaved,
}: {
  canteenId: string;
  day: string;
  meal: Meal;
  entries: { ageBand: AgeBand; headcount: number; dishes: { id: string; name: string }[] }[];
  record: TProductionRecord | undefined;
  onSaved: (result: TProductionResult) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const save = useRecordProduction();
  const [reasonOpen, setReasonOpen] = useState(false);
  const canWrite = can(user, 'production:write');

  const dishes = useMemo(() => {
    const seen = new Map<string, string>();
    for (const entry of entries) for (const d of entry.dishes) seen.set(d.id, d.name);
    return [...seen];
  }, [entries]);

  const initialValues: FormValues = {
    served: Object.fromEntries(
      entries.map((e) => [
        e.ageBand,
        record?.served.find((s) => s.ageBand === e.ageBand)?.headcount ?? null,
      ]),
    ),
    leftovers: Object.fromEntries(
      dishes.map(([id]) => {
        const grams = record?.leftovers.find((l) => l.dish.id === id)?.grams;
        return [id, grams === undefined ? null : grams / 1000];
      }),
    ),
    note: record?.note ?? undefined,
  };

  // mutateAsync: the save refetches the records, which remounts this form at the new version
  // before per-call callbacks of mutate() would run.
  const submit = async (reason?: string) => {
    const values = form.getFieldsValue(true) as FormValues;
    try {
      const saved = await save.mutateAsync({
        canteenId,
        day,
        meal,
        served: entries.map((e) => ({
          ageBand: e.ageBand,
          headcount: values.served[e.ageBand] ?? 0,
        })),
        leftovers: dishes
          .filter(([id]) => typeof values.leftovers[id] === 'number')
          .map(([id]) => ({ dishId: id, grams: Math.round((values.leftovers[id] ?? 0) * 1000) })),
        note: values.note?.trim() || undefined,
        reason,
      });
      setReasonOpen(false);
      onSaved(saved);
      void message.success(t('menus.production.saved'));
    } catch (error) {
      setReasonOpen(false);
      if (!applyApiErrorToForm(form, error, i18n.language))
        void message.error(errorText(error, i18n.language, t('common.saveFailed')));
    }
  };

  return (
    <div className="production" data-testid="production-form">
      {record && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('menus.production.recorded', {
            n: record.version,
            name: record.createdBy.name,
            at: formatDateTime(record.createdAt),
          })}
          description={record.reason ?? undefined}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={!canWrite}
        onFinish={() => (record ? setReasonOpen(true) : void submit())}
        size="large"
      >
        <div className="production-columns">
          <Card size="small" className="section-card" title={t('menus.production.served')}>
            {entries.map((entry) => (
              <Form.Item
                key={entry.ageBand}
                name={['served', entry.ageBand]}
                label={
                  <span>
                    {ageBandLabel(t, entry.ageBand)}{' '}
                    <span className="muted">
                      {t('menus.production.planned', { count: entry.headcount })}
                    </span>
                  </span>
                }
                rules={[{ required: true, message: t('menus.production.servedRequired') }]}
              >
                <InputNumber
                  min={0}
                  precision={0}
                  className="touch-number"
                  addonAfter={t('menus.plan.people')}
                  inputMode="numeric"
                />
              </Form.Item>
            ))}
          </Card>
          <Card size="small" className="section-card" title={t('menus.production.leftovers')}>
            {dishes.map(([id, name]) => (
              <Form.Item key={id} name={['leftovers', id]} label={name}>
                <InputNumber
                  min={0}
                  precision={2}
                  step={0.5}
                  className="touch-number"
                  addonAfter="kg"
                  inputMode="decimal"
                />
              </Form.Item>
            ))}
          </Card>
        </div>
        <Form.Item name="note" label={t('menus.production.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {canWrite && (
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            icon={<SaveOutlined />}
            loading={save.isPending}
            className="touch-button"
            block
          >
            {record ? t('menus.production.correct') : t('menus.production.save')}
          </Button>
        )}
      </Form>
      <ReasonModal
        open={reasonOpen}
        title={t('menus.production.correctTitle')}
        hint={t('menus.production.correctHint')}
        confirmLoading={save.isPending}
        onCancel={() => setReasonOpen(false)}
        onSubmit={(reason) => void submit(reason)}
      />
    </div>
  );
}
