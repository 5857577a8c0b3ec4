import { PlusOutlined, StopOutlined, CheckCircleOutlined, EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Image,
  Input,
  Popover,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGE_BANDS, type AgeBand, type TDish } from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format';
import { foodGroupLabel } from '@/lib/labels';
import { useDishes, type DishListQuery } from '../api/get-dishes';
import { useSetDishActive } from '../api/set-dish-active';
import { dishPhotoUrl } from '../api/upload-dish-photo';
import { ageBandLabel, allergenLabel, cookingMethodLabel } from '../utils/menu-labels';
import { DishFormModal } from './dish-form-modal';
import { ReasonModal } from './reason-modal';
import './menus.css';

type Dialog = { type: 'create' } | { type: 'edit'; dish: TDish } | null;

/** The grams of every line for every age band, shown on hover of the ingredient summary. */
function DishLinesTable({ dish }: { dish: TDish }) {
  const { t } = useTranslation();
  return (
    <table className="compact-table" data-testid="dish-lines">
      <thead>
        <tr>
          <th>{t('menus.dish.ingredient')}</th>
          {dish.ageBands.map((b) => (
            <th key={b}>{b.replace('-', '–')}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {dish.lines.map((line) => (
          <tr key={line.ingredient.id}>
            <td>
              {line.ingredient.name}
              <span className="muted"> · {foodGroupLabel(t, line.ingredient.category)}</span>
            </td>
            {dish.ageBands.map((b) => (
              <td key={b} className="tabular">
                {line.grams[b] ?? '—'}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 菜品库: the dishes in scope (own and standard ones), each with its quantified recipe. */
export function DishLibrary() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const canWrite = can(user, 'dish:write');
  const [query, setQuery] = useState<DishListQuery>({ page: 1, pageSize: 20, active: 'true' });
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [toggling, setToggling] = useState<TDish | null>(null);
  const dishes = useDishes(query);
  const setActive = useSetDishActive();
  const patchQuery = (patch: DishListQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  const columns: TableColumnsType<TDish> = [
    {
      title: t('menus.dish.photo'),
      dataIndex: 'photoFileId',
      width: 84,
      render: (id: string | null, dish) =>
        id ? (
          <Image
            src={dishPhotoUrl(dish.id, id)}
            width={64}
            height={48}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
          />
        ) : (
          <div className="dish-photo-empty" />
        ),
    },
    {
      title: t('menus.dish.name'),
      dataIndex: 'name',
      width: 170,
      render: (name: string, dish) => (
        <Space size={4} wrap>
          <strong>{name}</strong>
          {dish.standard && <Tag color="blue">{t('menus.dish.standard')}</Tag>}
          {!dish.active && <Tag>{t('menus.dish.inactive')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('menus.dish.cookingMethod'),
      dataIndex: 'cookingMethod',
      width: 90,
      render: (_, dish) => cookingMethodLabel(dish.cookingMethod, i18n.language),
    },
    {
      title: t('menus.dish.lines'),
      key: 'lines',
      width: 260,
      render: (_, dish) => (
        <Popover content={<DishLinesTable dish={dish} />} title={dish.name}>
          <span className="dotted">
            {dish.lines
              .slice(0, 4)
              .map((l) => l.ingredient.name)
              .join('、')}
            {dish.lines.length > 4 && t('menus.dish.andMore', { count: dish.lines.length })}
          </span>
        </Popover>
      ),
    },
    {
      title: t('menus.dish.ageBands'),
      dataIndex: 'ageBands',
      width: 130,
      render: (bands: AgeBand[]) => (
        <div className="tabular dish-bands">
          {bands.map((b) => (
            <span key={b}>{b.replace('-', '–')}</span>
          ))}
        </div>
      ),
    },
    {
      title: t('menus.dish.allergens'),
      dataIndex: 'allergens',
      width: 150,
      render: (_, dish) =>
        dish.allergens.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          dish.allergens.map((a) => (
            <Tag key={a} color="orange" bordered={false}>
              {allergenLabel(a, i18n.language)}
            </Tag>
          ))
        ),
    },
    {
      title: t('menus.dish.owner'),
      key: 'owner',
      width: 170,
      render: (_, dish) => (
        <Tooltip
          title={t('menus.dish.versionBy', {
            n: dish.version,
            name: dish.createdBy.name,
            at: formatDateTime(dish.createdAt),
          })}
        >
          <div className="account-cell">
            <span>{dish.owner.name}</span>
            <span className="account-cell-username">
              {t('menus.dish.versionN', { n: dish.version })}
            </span>
          </div>
        </Tooltip>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, dish: TDish) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setDialog({ type: 'edit', dish })}
                >
                  {t('common.edit')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger={dish.active}
                  icon={dish.active ? <StopOutlined /> : <CheckCircleOutlined />}
                  onClick={() => setToggling(dish)}
                >
                  {dish.active ? t('menus.dish.deactivate') : t('menus.dish.activate')}
                </Button>
              </Space>
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
            placeholder={t('menus.dish.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(q) => patchQuery({ q: q.trim() || undefined })}
            style={{ width: 220 }}
          />
          <OrgUnitTreeSelect
            value={query.canteenId}
            onChange={(canteenId) => patchQuery({ canteenId })}
            selectableLevels={['canteen']}
            placeholder={t('menus.dish.forCanteen')}
            style={{ width: 240 }}
          />
          <Select
            allowClear
            placeholder={t('menus.dish.ageBandFilter')}
            value={query.ageBand}
            onChange={(ageBand?: AgeBand) => patchQuery({ ageBand })}
            options={AGE_BANDS.map((b) => ({ value: b, label: ageBandLabel(t, b) }))}
            style={{ width: 140 }}
          />
          <Select
            value={query.active}
            onChange={(active: 'true' | 'false' | 'all') => patchQuery({ active })}
            options={[
              { value: 'true', label: t('menus.dish.activeOnly') },
              { value: 'false', label: t('menus.dish.inactiveOnly') },
              { value: 'all', label: t('menus.dish.all') },
            ]}
            style={{ width: 120 }}
          />
        </Space>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ type: 'create' })}
          >
            {t('menus.dish.create')}
          </Button>
        )}
      </div>
      {dishes.isError && <ErrorAlert error={dishes.error} onRetry={() => void dishes.refetch()} />}
      <Table<TDish>
        data-testid="dishes-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={dishes.data?.items}
        loading={dishes.isFetching}
        scroll={{ x: 1180 }}
        expandable={{ expandedRowRender: (dish) => <DishLinesTable dish={dish} /> }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: dishes.data?.total,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
      />
      <DishFormModal
        open={dialog !== null}
        dish={dialog?.type === 'edit' ? dialog.dish : undefined}
        onClose={() => setDialog(null)}
      />
      <ReasonModal
        open={toggling !== null}
        title={
          toggling?.active
            ? t('menus.dish.deactivateTitle', { name: toggling.name })
            : t('menus.dish.activateTitle', { name: toggling?.name ?? '' })
        }
        hint={toggling?.active ? t('menus.dish.deactivateHint') : undefined}
        confirmLoading={setActive.isPending}
        onCancel={() => setToggling(null)}
        onSubmit={(reason) => {
          if (!toggling) return;
          setActive.mutate(
            { id: toggling.id, body: { active: !toggling.active, reason } },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                setToggling(null);
              },
              onError: (error) =>
                void message.error(errorText(error, i18n.language, t('common.saveFailed'))),
            },
          );
        }}
      />
    </>
  );
}
