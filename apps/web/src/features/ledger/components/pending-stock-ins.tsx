import { CheckCircleOutlined, ImportOutlined, InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Empty, Form, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPendingStockIn } from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { shanghaiToday } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { useBookStockIn } from '../api/book-stock-in';
import { usePendingStockIns } from '../api/get-pending-stock-ins';
import { BookingDayPicker } from './day-picker';
import { ExpiryTag } from './expiry-tag';

type PendingBatch = TPendingStockIn['batches'][number];

function ManifestCard({ pending, occurredOn }: { pending: TPendingStockIn; occurredOn: string }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const book = useBookStockIn();
  const [selected, setSelected] = useState<string[]>([]);
  const [running, setRunning] = useState<'all' | 'selected' | null>(null);
  const { manifest, batches } = pending;

  const run = (which: 'all' | 'selected', batchIds: string[]) => {
    setRunning(which);
    book.mutate(
      { batchIds, occurredOn },
      {
        onSuccess: (movements) => {
          setSelected([]);
          void message.success(t('ledger.stockIn.done', { count: movements.length }));
        },
        onError: (error) =>
          void modal.error({
            title: t('ledger.stockIn.failed'),
            content: errorText(error, i18n.language, t('common.saveFailed')),
          }),
        onSettled: () => setRunning(null),
      },
    );
  };

  return (
    <Card
      className="section-card ledger-manifest-card"
      data-testid={`pending-${manifest.code}`}
      title={
        <div className="ledger-manifest-title">
          <span className="tabular">{t('ledger.stockIn.manifest', { code: manifest.code })}</span>
          <Typography.Text type="secondary" className="ledger-manifest-sub">
            {manifest.supplier.name} ·{' '}
            {t('ledger.stockIn.deliveryDate', { date: manifest.deliveryDate })} ·{' '}
            {t('ledger.stockIn.batchCount', { count: batches.length })}
          </Typography.Text>
        </div>
      }
      extra={
        <Button
          type="primary"
          size="large"
          icon={<ImportOutlined />}
          className="ledger-big-button"
          loading={running === 'all'}
          disabled={running === 'selected'}
          onClick={() =>
            run(
              'all',
              batches.map((b) => b.batchId),
            )
          }
        >
          {t('ledger.stockIn.all')}
        </Button>
      }
    >
      <Checkbox.Group
        value={selected}
        onChange={(ids) => setSelected(ids)}
        className="ledger-batch-checks"
      >
        {batches.map((b: PendingBatch) => (
          <Checkbox key={b.batchId} value={b.batchId} className="ledger-batch-check">
            <span className="ledger-batch-check-name">{b.ingredient.name}</span>
            <b className="tabular">{quantityText(t, b.quantity, b.unit)}</b>
            <span className="mono muted">{b.lotCode}</span>
            <ExpiryTag state={b.expiryState} daysToExpiry={b.daysToExpiry} />
          </Checkbox>
        ))}
      </Checkbox.Group>
      {selected.length > 0 && (
        <div className="ledger-card-foot">
          <Button
            size="large"
            icon={<CheckCircleOutlined />}
            loading={running === 'selected'}
            disabled={running === 'all'}
            onClick={() => run('selected', selected)}
          >
            {t('ledger.stockIn.selected', { count: selected.length })}
          </Button>
        </div>
      )}
    </Card>
  );
}

/** 入库: accepted deliveries waiting to be booked into the store, one big button per delivery. */
export function PendingStockIns({ canteenId }: { canteenId: string }) {
  const { t } = useTranslation();
  const pending = usePendingStockIns(canteenId);
  const [occurredOn, setOccurredOn] = useState(() => shanghaiToday().format('YYYY-MM-DD'));

  if (pending.isPending) return <PageLoading />;
  if (pending.isError)
    return <ErrorAlert error={pending.error} onRetry={() => void pending.refetch()} />;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div className="acceptance-toolbar">
        <Space wrap>
          <Tag color={pending.data.length ? 'processing' : 'default'} className="ledger-count-tag">
            {t('ledger.stockIn.pendingTitle', { count: pending.data.length })}
          </Tag>
          <span className="muted">{t('ledger.stockIn.instructions')}</span>
        </Space>
        <Form.Item label={t('ledger.stockIn.day')} style={{ margin: 0 }}>
          <BookingDayPicker value={occurredOn} onChange={setOccurredOn} id="stock-in-day" />
        </Form.Item>
      </div>
      {pending.data.length === 0 ? (
        <Card className="section-card">
          <Empty
            image={<InboxOutlined className="ledger-empty-icon" />}
            description={
              <>
                <div>{t('ledger.stockIn.none')}</div>
                <div className="muted">{t('ledger.stockIn.noneHint')}</div>
              </>
            }
          />
        </Card>
      ) : (
        pending.data.map((p) => (
          <ManifestCard key={p.manifest.id} pending={p} occurredOn={occurredOn} />
        ))
      )}
    </Space>
  );
}
