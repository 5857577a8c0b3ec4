import { EditOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Button,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Table,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FOOD_GROUPS,
  MEALS,
  pickLanguage,
  type AgeBand,
  type CheckedFoodGroup,
  type TAgeBandTargets,
  type TNutritionTargetsOverride,
  type TNutritionTargetsView,
  type TPercentRange,
} from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { contractLanguage } from '@/lib/i18n';
import { foodGroupLabel } from '@/lib/labels';
import { useNutritionTargets } from '../api/get-nutrition-targets';
import { useSettings } from '../api/get-settings';
import { SettingEditModal } from './setting-edit-modal';
import { SourceTag } from './source-tag';
import './nutrition.css';

type BandRow = TNutritionTargetsView['bands'][number];

const CHECKED_GROUPS = FOOD_GROUPS.filter((g): g is CheckedFoodGroup => g !== 'condiment');

const rangeText = (r: TPercentRange, unit = '%') => `${r.min}–${r.max}${unit}`;

function GroupRangesTable({ targets }: { targets: TAgeBandTargets }) {
  const { t } = useTranslation();
  const text = (r: { min: number | null; max: number | null }) =>
    r.min === null && r.max === null
      ? '—'
      : r.min === null
        ? `≤ ${r.max}`
        : r.max === null
          ? `≥ ${r.min}`
          : `${r.min}–${r.max}`;
  return (
    <table className="nutrition-table">
      <thead>
        <tr>
          <th>{t('menus.targets.group')}</th>
          <th>{t('menus.targets.breakfastGrams')}</th>
          <th>{t('menus.targets.mainGrams')}</th>
        </tr>
      </thead>
      <tbody>
        {CHECKED_GROUPS.map((g) => (
          <tr key={g}>
            <td>{foodGroupLabel(t, g)}</td>
            <td className="tabular">{text(targets.foodGroups.breakfast[g])}</td>
            <td className="tabular">{text(targets.foodGroups.main[g])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RangeInputs({
  name,
  label,
  unit = '%',
}: {
  name: (string | number)[];
  label: string;
  unit?: string;
}) {
  return (
    <Form.Item label={label} required style={{ marginBottom: 12 }}>
      <Space.Compact>
        <Form.Item name={[...name, 'min']} noStyle rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} style={{ width: 90 }} aria-label={`${label} min`} />
        </Form.Item>
        <Form.Item name={[...name, 'max']} noStyle rules={[{ required: true }]}>
          <InputNumber
            min={0}
            max={1000}
            style={{ width: 90 }}
            addonAfter={unit}
            aria-label={`${label} max`}
          />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

function TargetsFields() {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="dailyEnergyKcal"
            label={t('menus.targets.dailyEnergy')}
            rules={[{ required: true }]}
          >
            <InputNumber min={500} max={5000} addonAfter="kcal" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="dailyProteinG"
            label={t('menus.targets.dailyProtein')}
            rules={[{ required: true }]}
          >
            <InputNumber min={5} max={300} addonAfter="g" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="minGroupsPerMeal"
            label={t('menus.targets.minGroups')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={4} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <RangeInputs name={['energyPercent']} label={t('menus.targets.energyPercent')} />
        </Col>
        <Col span={12}>
          <RangeInputs name={['proteinPercent']} label={t('menus.targets.proteinPercent')} />
        </Col>
        <Col span={12}>
          <RangeInputs name={['fatPercentEnergy']} label={t('menus.targets.fat')} unit="%E" />
        </Col>
        <Col span={12}>
          <RangeInputs
            name={['carbohydratePercentEnergy']}
            label={t('menus.targets.carbohydrate')}
            unit="%E"
          />
        </Col>
        {MEALS.map((meal) => (
          <Col span={8} key={meal}>
            <RangeInputs
              name={['mealSharePercent', meal]}
              label={t('menus.targets.mealShare', { meal: t(`menus.meal.${meal}`) })}
            />
          </Col>
        ))}
        <Col span={8}>
          <Form.Item
            name="amberMarginPercent"
            label={t('menus.targets.amberMargin')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="minVegetableKindsPerDay"
            label={t('menus.targets.minVegetableKinds')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          {/* Stored as a fraction (0.5), edited as a percentage. */}
          <Form.Item
            name="darkVegetableShareOver"
            label={t('menus.targets.darkVegetableShare')}
            rules={[{ required: true }]}
            getValueProps={(value?: number) => ({
              value: value === undefined || value === null ? value : Math.round(value * 1000) / 10,
            })}
            normalize={(value?: number | null) =>
              value === undefined || value === null ? value : value / 100
            }
          >
            <InputNumber min={0} max={99} addonAfter="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Divider plain orientation="left">
        {t('menus.targets.groupsTitle')}
      </Divider>
      <div className="targets-groups-grid">
        <span />
        <span className="muted">{t('menus.targets.breakfastGrams')}</span>
        <span className="muted">{t('menus.targets.mainGrams')}</span>
        {CHECKED_GROUPS.map((g) => (
          <div key={g} className="targets-groups-row">
            <span>{foodGroupLabel(t, g)}</span>
            {(['breakfast', 'main'] as const).map((table) => (
              <Space.Compact key={table}>
                <Form.Item name={['foodGroups', table, g, 'min']} noStyle>
                  <InputNumber
                    min={0}
                    max={2000}
                    placeholder="—"
                    style={{ width: 80 }}
                    aria-label={`${g} ${table} min`}
                  />
                </Form.Item>
                <Form.Item name={['foodGroups', table, g, 'max']} noStyle>
                  <InputNumber
                    min={0}
                    max={2000}
                    placeholder="—"
                    style={{ width: 80 }}
                    addonAfter="g"
                    aria-label={`${g} ${table} max`}
                  />
                </Form.Item>
              </Space.Compact>
            ))}
          </div>
        ))}
      </div>
      <Form.Item
        name="basis"
        label={t('menus.targets.basis')}
        style={{ marginTop: 12 }}
        rules={[{ required: true }]}
      >
        <Input maxLength={200} />
      </Form.Item>
    </>
  );
}

type Dialog = { mode: 'edit' | 'restore'; row: BandRow } | null;

/**
 * 营养标准: the nutrition targets in force at a unit for each age band, and the unit each comes
 * from. An official edits a band (the whole band is stored at the unit), or restores it to inherit.
 */
export function NutritionTargetsPanel({ orgUnitId }: { orgUnitId: string }) {
  const { t, i18n } = useTranslation();
  const targets = useNutritionTargets(orgUnitId);
  const settings = useSettings(orgUnitId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const view = settings.data?.find((s) => s.key === 'nutrition.targets');
  const own = (view?.own ?? null) as TNutritionTargetsOverride | null;
  const editable = !!view?.editable;
  const lang = contractLanguage(i18n.language);

  if (targets.isError)
    return <ErrorAlert error={targets.error} onRetry={() => void targets.refetch()} />;
  if (!targets.data) return <PageLoading />;

  const columns: TableColumnsType<BandRow> = [
    {
      title: t('menus.targets.ageBand'),
      dataIndex: 'ageBand',
      width: 100,
      render: (b: AgeBand) => <strong>{t('menus.ageBand', { band: b.replace('-', '–') })}</strong>,
    },
    {
      title: t('menus.targets.dailyEnergy'),
      key: 'energy',
      align: 'right',
      render: (_, r) => <span className="tabular">{r.targets.dailyEnergyKcal} kcal</span>,
    },
    {
      title: t('menus.targets.dailyProtein'),
      key: 'protein',
      align: 'right',
      render: (_, r) => <span className="tabular">{r.targets.dailyProteinG} g</span>,
    },
    {
      title: t('menus.targets.ranges'),
      key: 'ranges',
      render: (_, r) => (
        <div className="targets-ranges tabular">
          <span>
            {t('menus.targets.energyShort')} {rangeText(r.targets.energyPercent)}
          </span>
          <span>
            {t('menus.targets.proteinShort')} {rangeText(r.targets.proteinPercent)}
          </span>
          <span>
            {t('menus.targets.fatShort')} {rangeText(r.targets.fatPercentEnergy, '%E')}
          </span>
          <span>
            {t('menus.targets.carbShort')} {rangeText(r.targets.carbohydratePercentEnergy, '%E')}
          </span>
          <span>
            {t('menus.targets.vegetableRule')}{' '}
            {t('menus.targets.vegetableRuleText', {
              min: r.targets.minVegetableKindsPerDay,
              share: Math.round(r.targets.darkVegetableShareOver * 100),
            })}
          </span>
        </div>
      ),
    },
    {
      title: t('menus.targets.mealShares'),
      key: 'shares',
      render: (_, r) => (
        <span className="tabular">
          {MEALS.map((m) => rangeText(r.targets.mealSharePercent[m])).join(' / ')}
        </span>
      ),
    },
    {
      title: t('menus.targets.source'),
      key: 'source',
      width: 200,
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <SourceTag source={r.source} />
          <span className="muted targets-basis">{pickLanguage(r.targets.basis, lang)}</span>
        </Space>
      ),
    },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, r: BandRow) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setDialog({ mode: 'edit', row: r })}
                >
                  {t('common.edit')}
                </Button>
                {own?.[r.ageBand] && (
                  <Button
                    type="link"
                    size="small"
                    icon={<RollbackOutlined />}
                    onClick={() => setDialog({ mode: 'restore', row: r })}
                  >
                    {t('menus.settings.inherit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const row = dialog?.row;
  return (
    <>
      <Table<BandRow>
        data-testid="targets-table"
        rowKey="ageBand"
        size="middle"
        columns={columns}
        dataSource={targets.data.bands}
        pagination={false}
        scroll={{ x: 1000 }}
        expandable={{ expandedRowRender: (r) => <GroupRangesTable targets={r.targets} /> }}
      />
      {row && (
        <SettingEditModal<TAgeBandTargets>
          open={dialog !== null}
          width={dialog.mode === 'edit' ? 820 : 480}
          mode={dialog.mode}
          settingKey="nutrition.targets"
          orgUnitId={orgUnitId}
          title={
            dialog.mode === 'edit'
              ? t('menus.targets.editTitle', { band: row.ageBand.replace('-', '–') })
              : t('menus.targets.restoreTitle', { band: row.ageBand.replace('-', '–') })
          }
          hint={
            dialog.mode === 'edit' ? t('menus.targets.editHint') : t('menus.targets.restoreHint')
          }
          initialValues={{ ...row.targets, basis: pickLanguage(row.targets.basis, lang) }}
          toValue={(values) => {
            if (dialog.mode === 'restore') {
              const { [row.ageBand]: _removed, ...rest } = own ?? {};
              return Object.keys(rest).length > 0 ? rest : null;
            }
            const { reason: _reason, ...band } = values as TAgeBandTargets & { reason?: string };
            const basis =
              band.basis === pickLanguage(row.targets.basis, lang) ? row.targets.basis : band.basis;
            return { ...(own ?? {}), [row.ageBand]: { ...band, basis } };
          }}
          onClose={() => setDialog(null)}
        >
          {() => <TargetsFields />}
        </SettingEditModal>
      )}
    </>
  );
}
