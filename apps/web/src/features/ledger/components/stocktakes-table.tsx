import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Table,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TStocktake } from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { dayjs, formatDateTime, shanghaiToday } from '@/lib/format';
import { useCreateStocktake } from '../api/create-stocktake';
import { useStocktakes } from '../api/get-stocktakes';
import { StocktakeStatusTag } from './stocktake-status-tag';

function CreateStocktakeModal({
  canteenId,
  open,
  onClose,
}: {
  canteenId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ countedOn: dayjs.Dayjs; note?: string }>();
  const create = useCreateStocktake();
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('ledger.stocktake.createTitle')}
      okText={t('ledger.stocktake.create')}
      okButtonProps={{ size: 'large', loading: create.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        message={t('ledger.stocktake.createHint')}
        style={{ marginBottom: 16 }}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ countedOn: shanghaiToday() }}
        onFinish={(values) =>
          create.mutate(
            {
              canteenId,
              countedOn: values.countedOn.format('YYYY-MM-DD'),
              note: values.note?.trim() || undefined,
            },
            {
              onSuccess: (sheet) => {
                void message.success(t('ledger.stocktake.created'));
                onClose();
                void navigate(`/ledger/stocktakes/${sheet.id}`);
              },
              onError: (error) =>
                setFailure(errorText(error, i18n.language, t('common.saveFailed'))),
            },
          )
        }
      >
        <Form.Item
          name="countedOn"
          label={t('ledger.stocktake.countedOn')}
          rules={[{ required: true }]}
        >
          <DatePicker
            size="large"
            allowClear={false}
            inputReadOnly
            disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday().format('YYYY-MM-DD')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="note" label={t('ledger.stocktake.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} />}
    </Modal>
  );
}

/** A canteen's count sheets, the open one first to be continued. */
export function StocktakesTable({ canteenId }: { canteenId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const sheets = useStocktakes({ canteenId, ...page });
  const [creating, setCreating] = useState(false);
  const key = useOpenKey(creating);

  const columns: TableColumnsType<TStocktake> = [
    {
      title: t('ledger.stocktake.countedOn'),
      dataIndex: 'countedOn',
      width: 130,
      render: (v: string, s) => (
        <Link to={`/ledger/stocktakes/${s.id}`} className="tabular">
          {v}
        </Link>
      ),
    },
    {
      title: t('ledger.stocktake.statusLabel'),
      dataIndex: 'status',
      width: 100,
      render: (_, s) => <StocktakeStatusTag status={s.status} />,
    },
    {
      title: t('ledger.stocktake.lines'),
      key: 'lines',
      width: 100,
      align: 'right',
      render: (_, s) => s.lines.length,
    },
    {
      title: t('ledger.stocktake.variances'),
      key: 'variances',
      width: 100,
      align: 'right',
      render: (_, s) => {
        const count = s.lines.filter((l) => l.variance !== null && Number(l.variance) !== 0).length;
        return count > 0 ? (
          <b className="ledger-variance-out">{count}</b>
        ) : (
          <span className="muted">0</span>
        );
      },
    },
    { title: t('ledger.stocktake.note'), dataIndex: 'note', ellipsis: true, responsive: ['xl'] },
    {
      title: t('ledger.stocktake.createdBy'),
      key: 'createdBy',
      width: 170,
      responsive: ['md'],
      render: (_, s) => (
        <div className="account-cell">
          <span>{s.createdBy.name}</span>
          <span className="account-cell-username">{formatDateTime(s.createdAt)}</span>
        </div>
      ),
    },
    {
      title: t('ledger.stocktake.postedBy'),
      key: 'postedBy',
      width: 170,
      render: (_, s) =>
        s.postedBy ? (
          <div className="account-cell">
            <span>{s.postedBy.name}</span>
            <span className="account-cell-username">{formatDateTime(s.postedAt)}</span>
          </div>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, s) => (
        <Link to={`/ledger/stocktakes/${s.id}`}>
          {s.status === 'open' && can(user, 'stock:write')
            ? t('ledger.stocktake.continue')
            : t('common.view')}
        </Link>
      ),
    },
  ];

  const hasOpen = (sheets.data?.items ?? []).some((s) => s.status === 'open');
  return (
    <>
      <div className="table-toolbar">
        <span className="muted">{t('ledger.stocktake.listHint')}</span>
        {can(user, 'stock:write') && (
          <Button
            type="primary"
            size="large"
            icon={<PlusOutlined />}
            disabled={hasOpen}
            onClick={() => setCreating(true)}
          >
            {t('ledger.stocktake.create')}
          </Button>
        )}
      </div>
      {sheets.isError ? (
        <ErrorAlert error={sheets.error} onRetry={() => void sheets.refetch()} />
      ) : (
        <Table<TStocktake>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sheets.data?.items ?? []}
          loading={sheets.isPending}
          rowClassName={(s) => (s.status === 'open' ? 'row-pending' : '')}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: sheets.data?.total ?? 0,
            onChange: (p, size) => setPage({ page: p, pageSize: size }),
            hideOnSinglePage: true,
          }}
          data-testid="stocktakes-table"
        />
      )}
      <CreateStocktakeModal
        key={key}
        canteenId={canteenId}
        open={creating}
        onClose={() => setCreating(false)}
      />
    </>
  );
}
