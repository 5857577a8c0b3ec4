import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  SaveOutlined,
  WarningFilled,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Progress,
  Space,
  Table,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STOCKTAKE_VARIANCE_SHARE, type TStocktake, type TStocktakeLine } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { useCancelStocktake } from '../api/cancel-stocktake';
import { useCountStocktake } from '../api/count-stocktake';
import { usePostStocktake } from '../api/post-stocktake';
import { signedYuan } from './ledger-format';
import { QuantityInput } from './quantity-input';
import { StocktakeStatusTag } from './stocktake-status-tag';

interface Entry {
  counted: string | null;
  reason: string;
}

/** Thousandths of a unit, so that variances are exact for quantities of up to 3 decimals. */
const milli = (quantity: string) => Math.round(Number(quantity) * 1000);
const fromMilli = (value: number) => (value / 1000).toFixed(3);

function varianceOf(line: TStocktakeLine, entry: Entry | undefined): number | null {
  if (!entry || entry.counted === null || entry.counted === '') return null;
  return milli(entry.counted) - milli(line.bookQuantity);
}

/** Over the share that raises a warning (STOCKTAKE_VARIANCE_SHARE of the book quantity). */
function isLarge(line: TStocktakeLine, variance: number): boolean {
  const book = milli(line.bookQuantity);
  return book === 0 ? variance !== 0 : Math.abs(variance) > STOCKTAKE_VARIANCE_SHARE * book;
}

/**
 * 盘点 sheet: counted against book per batch, in big inputs; a variance is highlighted and needs
 * its reason; the manager posts it (variances become adjustment movements) after a confirmation.
 */
export function StocktakeSheet({ sheet }: { sheet: TStocktake }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const user = useCurrentUser();
  const count = useCountStocktake();
  const post = usePostStocktake();
  const cancel = useCancelStocktake();
  const open = sheet.status === 'open';
  const editable = open && can(user, 'stock:write');
  const canPost = open && can(user, 'stocktake:post');
  const [entries, setEntries] = useState<Record<string, Entry>>(() =>
    Object.fromEntries(
      sheet.lines.map((l) => [l.id, { counted: l.countedQuantity, reason: l.reason ?? '' }]),
    ),
  );
  const [dirty, setDirty] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const setEntry = (lineId: string, patch: Partial<Entry>) => {
    setDirty(true);
    setEntries((all) => ({ ...all, [lineId]: { ...all[lineId]!, ...patch } }));
  };

  const summary = useMemo(() => {
    let counted = 0;
    let variances = 0;
    let large = 0;
    let missingReasons = 0;
    for (const line of sheet.lines) {
      const entry = entries[line.id];
      const variance = varianceOf(line, entry);
      if (variance === null) continue;
      counted += 1;
      if (variance !== 0) {
        variances += 1;
        if (isLarge(line, variance)) large += 1;
        if ((entry?.reason.trim().length ?? 0) < 2) missingReasons += 1;
      }
    }
    return { counted, variances, large, missingReasons, total: sheet.lines.length };
  }, [entries, sheet.lines]);

  /** Stores the counts typed so far; false when the API refused them (the reason is shown). */
  const save = async (): Promise<boolean> => {
    const lines = sheet.lines
      .map((line) => ({ line, entry: entries[line.id] }))
      .filter(({ entry }) => entry && entry.counted !== null && entry.counted !== '')
      .map(({ line, entry }) => ({
        lineId: line.id,
        countedQuantity: entry!.counted!,
        reason: entry!.reason.trim() || undefined,
      }));
    if (lines.length === 0) return true;
    setFailure(null);
    try {
      await count.mutateAsync({ id: sheet.id, body: { lines } });
      setDirty(false);
      return true;
    } catch (error) {
      setFailure(errorText(error, i18n.language, t('common.saveFailed')));
      return false;
    }
  };

  const confirmPost = () => {
    if (summary.counted < summary.total) {
      setFailure(t('ledger.stocktake.uncounted', { count: summary.total - summary.counted }));
      return;
    }
    if (summary.missingReasons > 0) {
      setFailure(t('ledger.stocktake.reasonsMissing', { count: summary.missingReasons }));
      return;
    }
    modal.confirm({
      title: t('ledger.stocktake.postTitle'),
      content: t('ledger.stocktake.postText', {
        lines: summary.total,
        variances: summary.variances,
        large: summary.large,
      }),
      okText: t('ledger.stocktake.post'),
      okButtonProps: { size: 'large' },
      cancelButtonProps: { size: 'large' },
      // The sheet re-renders as posted while this runs, so promises rather than per-call callbacks.
      onOk: async () => {
        if (!(await save())) return;
        try {
          await post.mutateAsync(sheet.id);
          void message.success(t('ledger.stocktake.posted'));
        } catch (error) {
          setFailure(errorText(error, i18n.language, t('common.saveFailed')));
        }
      },
    });
  };

  const confirmCancel = () =>
    modal.confirm({
      title: t('ledger.stocktake.cancelTitle'),
      content: t('ledger.stocktake.cancelText'),
      okText: t('ledger.stocktake.cancel'),
      okButtonProps: { danger: true },
      onOk: () =>
        cancel.mutateAsync(sheet.id).then(
          () => void message.success(t('ledger.stocktake.cancelled')),
          (error: unknown) => setFailure(errorText(error, i18n.language, t('common.saveFailed'))),
        ),
    });

  const columns: TableColumnsType<TStocktakeLine> = [
    {
      title: t('ledger.field.ingredient'),
      key: 'ingredient',
      render: (_, l) => (
        <div className="account-cell">
          <span className="ledger-ingredient-name">{l.ingredient.name}</span>
          <span className="account-cell-username mono">{l.batch.lotCode}</span>
        </div>
      ),
    },
    {
      title: t('ledger.field.expiryDate'),
      key: 'expiry',
      width: 104,
      responsive: ['lg'],
      render: (_, l) => <span className="tabular">{l.batch.expiryDate ?? '—'}</span>,
    },
    {
      title: t('ledger.stocktake.book'),
      dataIndex: 'bookQuantity',
      align: 'right',
      width: 100,
      render: (v: string, l) => <b className="tabular">{quantityText(t, v, l.ingredient.unit)}</b>,
    },
    {
      title: t('ledger.stocktake.counted'),
      key: 'counted',
      width: editable ? 200 : 110,
      render: (_, l) =>
        editable ? (
          <Space.Compact style={{ width: '100%' }}>
            <QuantityInput
              unit={l.ingredient.unit}
              decimals={l.ingredient.unitDecimals}
              value={entries[l.id]?.counted ?? null}
              onChange={(counted) => setEntry(l.id, { counted })}
              id={`count-${l.id}`}
            />
            <Tooltip title={t('ledger.stocktake.sameAsBook')}>
              <Button
                size="large"
                icon={<CheckCircleOutlined />}
                onClick={() => setEntry(l.id, { counted: l.bookQuantity })}
                aria-label={t('ledger.stocktake.sameAsBook')}
              />
            </Tooltip>
          </Space.Compact>
        ) : (
          <span className="tabular">
            {l.countedQuantity === null
              ? '—'
              : quantityText(t, l.countedQuantity, l.ingredient.unit)}
          </span>
        ),
    },
    {
      title: t('ledger.stocktake.variance'),
      key: 'variance',
      align: 'right',
      width: 110,
      render: (_, l) => {
        const variance = varianceOf(
          l,
          editable ? entries[l.id] : { counted: l.countedQuantity, reason: '' },
        );
        if (variance === null) return <span className="muted">—</span>;
        if (variance === 0) return <span className="muted">0</span>;
        const large = isLarge(l, variance);
        return (
          <div className="account-cell" style={{ alignItems: 'flex-end' }}>
            <span
              className={`tabular ${variance < 0 ? 'ledger-variance-out' : 'ledger-variance-in'} ${large ? 'ledger-variance-large' : ''}`}
            >
              {large && <WarningFilled />} {variance > 0 ? '+' : '−'}
              {quantityText(t, fromMilli(Math.abs(variance)), l.ingredient.unit)}
            </span>
            {l.varianceFen !== null && l.countedQuantity === entries[l.id]?.counted && (
              <span className="account-cell-username tabular">{signedYuan(l.varianceFen)}</span>
            )}
          </div>
        );
      },
    },
    {
      title: t('ledger.stocktake.reason'),
      key: 'reason',
      width: editable ? 200 : undefined,
      render: (_, l) => {
        const variance = varianceOf(l, entries[l.id]);
        if (!editable) return l.reason ?? <span className="muted">—</span>;
        const needed = variance !== null && variance !== 0;
        const missing = needed && (entries[l.id]?.reason.trim().length ?? 0) < 2;
        return (
          <Input
            size="large"
            value={entries[l.id]?.reason ?? ''}
            onChange={(e) => setEntry(l.id, { reason: e.target.value })}
            status={missing ? 'warning' : undefined}
            placeholder={needed ? t('ledger.stocktake.reasonPlaceholder') : undefined}
            maxLength={500}
          />
        );
      },
    },
  ];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card className="section-card">
        <div className="ledger-sheet-head">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 4 }}
            items={[
              {
                key: 'status',
                label: t('ledger.stocktake.statusLabel'),
                children: <StocktakeStatusTag status={sheet.status} />,
              },
              {
                key: 'countedOn',
                label: t('ledger.stocktake.countedOn'),
                children: <span className="tabular">{sheet.countedOn}</span>,
              },
              {
                key: 'createdBy',
                label: t('ledger.stocktake.createdBy'),
                children: `${sheet.createdBy.name} · ${formatDateTime(sheet.createdAt)}`,
              },
              ...(sheet.postedBy
                ? [
                    {
                      key: 'postedBy',
                      label: t('ledger.stocktake.postedBy'),
                      children: `${sheet.postedBy.name} · ${formatDateTime(sheet.postedAt)}`,
                    },
                  ]
                : []),
              ...(sheet.note
                ? [{ key: 'note', label: t('ledger.stocktake.note'), children: sheet.note }]
                : []),
            ]}
          />
          <div className="ledger-sheet-progress">
            <Progress
              type="circle"
              size={64}
              percent={summary.total ? Math.round((summary.counted / summary.total) * 100) : 100}
            />
            <div>
              <div>
                {t('ledger.stocktake.progress', { counted: summary.counted, total: summary.total })}
              </div>
              <div className={summary.variances ? 'ledger-variance-out' : 'muted'}>
                {t('ledger.stocktake.varianceSummary', {
                  variances: summary.variances,
                  large: summary.large,
                })}
              </div>
            </div>
          </div>
        </div>
        {open && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            message={t('ledger.stocktake.sheetHint', {
              share: Math.round(STOCKTAKE_VARIANCE_SHARE * 100),
            })}
          />
        )}
      </Card>
      <Card className="section-card">
        <Table<TStocktakeLine>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sheet.lines}
          pagination={false}
          rowClassName={(l) => {
            const variance = varianceOf(
              l,
              editable ? entries[l.id] : { counted: l.countedQuantity, reason: '' },
            );
            if (variance === null || variance === 0) return '';
            return isLarge(l, variance) ? 'ledger-row-expired' : 'ledger-row-near';
          }}
          scroll={{ x: 760 }}
          data-testid="stocktake-lines"
        />
        {failure && (
          <Alert
            type="error"
            showIcon
            message={failure}
            style={{ marginTop: 12 }}
            data-testid="stocktake-error"
          />
        )}
        {(editable || canPost) && (
          <div className="ledger-sheet-actions">
            {editable && (
              <Button danger size="large" icon={<CloseCircleOutlined />} onClick={confirmCancel}>
                {t('ledger.stocktake.cancel')}
              </Button>
            )}
            <Space wrap>
              {editable && (
                <Button
                  size="large"
                  icon={<SaveOutlined />}
                  loading={count.isPending}
                  disabled={!dirty}
                  onClick={() =>
                    void save().then(
                      (saved) => saved && void message.success(t('ledger.stocktake.saved')),
                    )
                  }
                >
                  {t('ledger.stocktake.save')}
                </Button>
              )}
              {canPost && (
                <Button
                  type="primary"
                  size="large"
                  icon={<CheckCircleOutlined />}
                  loading={post.isPending}
                  onClick={confirmPost}
                >
                  {t('ledger.stocktake.post')}
                </Button>
              )}
            </Space>
          </div>
        )}
        {open && editable && !canPost && (
          <div className="muted" style={{ marginTop: 8, textAlign: 'right' }}>
            {t('ledger.stocktake.managerPosts')}
          </div>
        )}
      </Card>
    </Space>
  );
}
