import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FOOD_GROUPS, type FoodGroup, type TIngredient } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { foodGroupLabel, unitLabel } from '@/lib/labels';
import { useIngredients, type IngredientListQuery } from '@/lib/supply-lookup';
import { ColdChainTag } from '@/components/ui/cold-chain-tag';
import { IngredientFormModal } from './ingredient-form-modal';

type Dialog = { type: 'create' } | { type: 'edit'; ingredient: TIngredient } | null;

/** 食材目录: the platform's catalogue, mapped to the WS/T 554 food groups. */
export function IngredientsTable() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canWrite = can(user, 'supplier:write');
  const [query, setQuery] = useState<IngredientListQuery>({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const ingredients = useIngredients(query);
  const patchQuery = (patch: IngredientListQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  const columns: TableColumnsType<TIngredient> = [
    {
      title: t('ingredients.field.code'),
      dataIndex: 'code',
      width: 110,
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    {
      title: t('ingredients.field.name'),
      dataIndex: 'name',
      render: (v: string) => <strong>{v}</strong>,
    },
    {
      title: t('ingredients.field.category'),
      dataIndex: 'category',
      width: 130,
      render: (v: FoodGroup) => <Tag color="geekblue">{foodGroupLabel(t, v)}</Tag>,
    },
    {
      title: t('ingredients.field.unit'),
      dataIndex: 'unit',
      width: 80,
      render: (v: string) => unitLabel(t, v),
    },
    {
      title: t('ingredients.field.shelfLifeDays'),
      dataIndex: 'shelfLifeDays',
      width: 110,
      align: 'right',
      render: (v: number | null) =>
        v === null ? (
          <span className="muted">{t('ingredients.noShelfLife')}</span>
        ) : (
          t('ingredients.daysCount', { count: v })
        ),
    },
    {
      title: t('ingredients.field.coldChain'),
      dataIndex: 'coldChain',
      width: 110,
      render: (_, i) => <ColdChainTag coldChain={i.coldChain} />,
    },
    {
      title: t('ingredients.field.quarantine'),
      dataIndex: 'quarantineRequired',
      width: 110,
      align: 'center',
      render: (v: boolean) =>
        v ? <CheckOutlined style={{ color: '#cf1322' }} /> : <span className="muted">—</span>,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, i: TIngredient) => (
              <Button
                type="link"
                size="small"
                onClick={() => setDialog({ type: 'edit', ingredient: i })}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) patchQuery({ q: undefined });
            }}
            onSearch={(q) => patchQuery({ q: q.trim() || undefined })}
            placeholder={t('ingredients.searchPlaceholder')}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            value={query.category}
            onChange={(category?: FoodGroup) => patchQuery({ category })}
            placeholder={t('ingredients.field.category')}
            style={{ width: 160 }}
            options={FOOD_GROUPS.map((g) => ({ value: g, label: foodGroupLabel(t, g) }))}
          />
        </Space>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ type: 'create' })}
          >
            {t('ingredients.create')}
          </Button>
        )}
      </div>
      {ingredients.isError ? (
        <ErrorAlert error={ingredients.error} onRetry={() => void ingredients.refetch()} />
      ) : (
        <Table<TIngredient>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={ingredients.data?.items ?? []}
          loading={ingredients.isFetching}
          scroll={{ x: 860 }}
          data-testid="ingredients-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: ingredients.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      )}
      <IngredientFormModal
        open={dialog !== null}
        ingredient={dialog?.type === 'edit' ? dialog.ingredient : undefined}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
