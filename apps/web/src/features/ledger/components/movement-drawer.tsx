import { LinkOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GENESIS_HASH, type TStockMovement } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { apiFileUrl } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { formatDateTime, formatYuan } from '@/lib/format';
import { foodGroupLabel } from '@/lib/labels';
import { useMovement } from '../api/get-movement';
import { signedYuan } from './ledger-format';
import { MovementKindTag } from './movement-kind-tag';
import { SignedQuantity } from './signed-quantity';

function Hash({ value }: { value: string }) {
  return (
    <Typography.Text className="mono ledger-hash" copyable={{ text: value }}>
      {value}
    </Typography.Text>
  );
}

/** True when a movement may still be corrected by a reversal. */
export function isReversible(movement: TStockMovement): boolean {
  return movement.kind !== 'reversal' && !movement.reversedById;
}

/**
 * One movement in full, with its place in the canteen's hash chain (seq, previous hash, hash),
 * and its reversal partner one click away.
 */
export function MovementDrawer({
  movementId,
  onClose,
  onOpen,
  onReverse,
}: {
  movementId: string | null;
  onClose: () => void;
  onOpen: (id: string) => void;
  onReverse: (movement: TStockMovement) => void;
}) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const movement = useMovement(movementId ?? undefined);
  const m = movement.data;

  return (
    <Drawer
      open={!!movementId}
      onClose={onClose}
      width={560}
      title={m ? t('ledger.drawer.title', { seq: m.seq }) : t('ledger.drawer.loading')}
      extra={
        m && can(user, 'stock:write') && isReversible(m) ? (
          <Button danger icon={<UndoOutlined />} onClick={() => onReverse(m)}>
            {t('ledger.reverse.action')}
          </Button>
        ) : undefined
      }
      data-testid="movement-drawer"
    >
      {movement.isPending ? (
        <PageLoading />
      ) : movement.isError ? (
        <ErrorAlert error={movement.error} onRetry={() => void movement.refetch()} />
      ) : m ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {m.reversedById && (
            <Tag color="red" icon={<UndoOutlined />} className="ledger-drawer-flag">
              {t('ledger.movements.reversed')}{' '}
              <Button type="link" size="small" onClick={() => onOpen(m.reversedById!)}>
                {t('ledger.movements.viewReversal')}
              </Button>
            </Tag>
          )}
          {m.reversesId && (
            <Tag icon={<LinkOutlined />} className="ledger-drawer-flag">
              {t('ledger.movements.reversesOriginal')}{' '}
              <Button type="link" size="small" onClick={() => onOpen(m.reversesId!)}>
                {t('ledger.movements.viewOriginal')}
              </Button>
            </Tag>
          )}
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 120 } }}
            items={[
              {
                key: 'kind',
                label: t('ledger.field.kind'),
                children: <MovementKindTag kind={m.kind} />,
              },
              {
                key: 'day',
                label: t('ledger.field.day'),
                children: (
                  <span className="tabular">
                    {m.occurredOn}
                    {m.meal ? ` · ${t(`ledger.meal.${m.meal}`)}` : ''}
                  </span>
                ),
              },
              {
                key: 'ingredient',
                label: t('ledger.field.ingredient'),
                children: `${m.ingredient.name}（${m.ingredient.code} · ${foodGroupLabel(t, m.ingredient.category)}）`,
              },
              {
                key: 'batch',
                label: t('ledger.field.lot'),
                children: (
                  <span>
                    <span className="mono">{m.batch.lotCode}</span>
                    <span className="muted">
                      {' '}
                      · {t('ledger.field.expiryDate')} {m.batch.expiryDate ?? '—'}
                    </span>
                  </span>
                ),
              },
              {
                key: 'supplier',
                label: t('ledger.field.supplier'),
                children: m.batch.supplier?.name ?? t('ledger.balances.noDelivery'),
              },
              {
                key: 'quantity',
                label: t('ledger.field.quantity'),
                children: <SignedQuantity quantity={m.quantity} unit={m.unit} />,
              },
              {
                key: 'price',
                label: t('ledger.field.unitPrice'),
                children: <span className="tabular">{formatYuan(m.unitPriceFen)}</span>,
              },
              {
                key: 'cost',
                label: t('ledger.field.cost'),
                children: <span className="tabular">{signedYuan(m.costFen)}</span>,
              },
              { key: 'reason', label: t('ledger.field.reason'), children: m.reason ?? '—' },
              ...(m.photoFileId
                ? [
                    {
                      key: 'photo',
                      label: t('ledger.field.photo'),
                      children: (
                        <a
                          href={apiFileUrl(`/ledger/photos/${m.photoFileId}`)}
                          target="_blank"
                          rel="noreferrer"
                        >
                          {t('ledger.drawer.openPhoto')}
                        </a>
                      ),
                    },
                  ]
                : []),
              {
                key: 'by',
                label: t('ledger.field.createdBy'),
                children: `${m.createdBy.name} · ${formatDateTime(m.createdAt)}`,
              },
              {
                key: 'group',
                label: t('ledger.field.group'),
                children: <span className="mono muted">{m.groupId}</span>,
              },
            ]}
          />
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('ledger.drawer.chain')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('ledger.drawer.chainHint')}
            </Typography.Paragraph>
            <Descriptions
              size="small"
              column={1}
              bordered
              styles={{ label: { width: 120 } }}
              items={[
                {
                  key: 'seq',
                  label: t('ledger.field.seq'),
                  children: (
                    <b className="tabular" data-testid="drawer-seq">
                      {m.seq}
                    </b>
                  ),
                },
                {
                  key: 'prev',
                  label: t('ledger.field.prevHash'),
                  children:
                    m.prevHash === GENESIS_HASH ? (
                      <span className="muted">{t('ledger.drawer.genesis')}</span>
                    ) : (
                      <Hash value={m.prevHash} />
                    ),
                },
                { key: 'hash', label: t('ledger.field.hash'), children: <Hash value={m.hash} /> },
              ]}
            />
          </div>
        </Space>
      ) : null}
    </Drawer>
  );
}
