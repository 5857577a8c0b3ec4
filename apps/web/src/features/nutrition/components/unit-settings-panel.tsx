import { EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Form, InputNumber, Row, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MEALS,
  pickLanguage,
  type SettingKey,
  type TExecutionTolerance,
  type TMealFundStandard,
  type TSettingView,
} from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { formatDateTime, formatYuan } from '@/lib/format';
import { contractLanguage } from '@/lib/i18n';
import { useSettings } from '../api/get-settings';
import { SourceTag } from './source-tag';
import { SettingEditModal } from './setting-edit-modal';
import './nutrition.css';

interface FundValues {
  perDay: number;
  breakfast: number;
  lunch: number;
  dinner: number;
}

interface ToleranceValues {
  over: number;
  under: number;
}

const yuan = (fen: number) => fen / 100;
const fen = (yuan: number) => Math.round(yuan * 100);

type Dialog = {
  key: 'meals.fundStandardFen' | 'menus.executionTolerance';
  mode: 'edit' | 'restore';
} | null;

function SettingCard({
  view,
  children,
  onEdit,
  onRestore,
}: {
  view: TSettingView;
  children: React.ReactNode;
  onEdit: () => void;
  onRestore: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card
      size="small"
      className="section-card"
      data-testid={`setting-${view.key}`}
      title={pickLanguage(view.label, contractLanguage(i18n.language))}
      extra={
        view.editable && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={onEdit}>
              {t('common.edit')}
            </Button>
            {view.own !== null && (
              <Button type="link" size="small" icon={<RollbackOutlined />} onClick={onRestore}>
                {t('menus.settings.inherit')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {children}
      <div style={{ marginTop: 8 }}>
        <SourceTag source={view.source} />
        {view.updatedAt && (
          <span className="muted" style={{ marginLeft: 4 }}>
            {t('menus.settings.updatedAt', { at: formatDateTime(view.updatedAt) })}
          </span>
        )}
      </div>
    </Card>
  );
}

/** The meal-fund standard and the execution tolerance in force at a unit, editable with a reason. */
export function UnitSettingsPanel({ orgUnitId }: { orgUnitId: string }) {
  const { t } = useTranslation();
  const settings = useSettings(orgUnitId);
  const [dialog, setDialog] = useState<Dialog>(null);
  if (settings.isError)
    return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <PageLoading />;
  const byKey = (key: SettingKey) => settings.data.find((s) => s.key === key);
  const fund = byKey('meals.fundStandardFen');
  const tolerance = byKey('menus.executionTolerance');
  const fundValue = fund?.value as TMealFundStandard | undefined;
  const toleranceValue = tolerance?.value as TExecutionTolerance | undefined;

  return (
    <Row gutter={[12, 12]}>
      {fund && fundValue && (
        <Col xs={24} lg={14}>
          <SettingCard
            view={fund}
            onEdit={() => setDialog({ key: 'meals.fundStandardFen', mode: 'edit' })}
            onRestore={() => setDialog({ key: 'meals.fundStandardFen', mode: 'restore' })}
          >
            <Descriptions size="small" column={4} layout="vertical" colon={false}>
              <Descriptions.Item label={t('menus.settings.perDay')}>
                <strong className="tabular">{formatYuan(fundValue.perDayFen)}</strong>
              </Descriptions.Item>
              {MEALS.map((meal) => (
                <Descriptions.Item key={meal} label={t(`menus.meal.${meal}`)}>
                  <span className="tabular">{formatYuan(fundValue.perMealFen[meal])}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          </SettingCard>
        </Col>
      )}
      {tolerance && toleranceValue && (
        <Col xs={24} lg={10}>
          <SettingCard
            view={tolerance}
            onEdit={() => setDialog({ key: 'menus.executionTolerance', mode: 'edit' })}
            onRestore={() => setDialog({ key: 'menus.executionTolerance', mode: 'restore' })}
          >
            <Descriptions size="small" column={2} layout="vertical" colon={false}>
              <Descriptions.Item label={t('menus.settings.over')}>
                <span className="tabular">{Math.round(toleranceValue.over * 100)}%</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('menus.settings.under')}>
                <span className="tabular">{Math.round(toleranceValue.under * 100)}%</span>
              </Descriptions.Item>
            </Descriptions>
          </SettingCard>
        </Col>
      )}
      {dialog?.key === 'meals.fundStandardFen' && fundValue && (
        <SettingEditModal<FundValues>
          open
          mode={dialog.mode}
          settingKey="meals.fundStandardFen"
          orgUnitId={orgUnitId}
          title={t('menus.settings.fundTitle')}
          hint={
            dialog.mode === 'restore'
              ? t('menus.settings.restoreHint')
              : t('menus.settings.fundHint')
          }
          initialValues={{
            perDay: yuan(fundValue.perDayFen),
            breakfast: yuan(fundValue.perMealFen.breakfast),
            lunch: yuan(fundValue.perMealFen.lunch),
            dinner: yuan(fundValue.perMealFen.dinner),
          }}
          toValue={(v) =>
            dialog.mode === 'restore'
              ? null
              : {
                  perDayFen: fen(v.perDay),
                  perMealFen: {
                    breakfast: fen(v.breakfast),
                    lunch: fen(v.lunch),
                    dinner: fen(v.dinner),
                  },
                }
          }
          onClose={() => setDialog(null)}
        >
          {() => (
            <Row gutter={12}>
              {(['perDay', ...MEALS] as const).map((name) => (
                <Col span={6} key={name}>
                  <Form.Item
                    name={name}
                    label={name === 'perDay' ? t('menus.settings.perDay') : t(`menus.meal.${name}`)}
                    rules={[{ required: true }]}
                  >
                    <InputNumber
                      min={0}
                      max={1000}
                      precision={2}
                      prefix="¥"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          )}
        </SettingEditModal>
      )}
      {dialog?.key === 'menus.executionTolerance' && toleranceValue && (
        <SettingEditModal<ToleranceValues>
          open
          mode={dialog.mode}
          settingKey="menus.executionTolerance"
          orgUnitId={orgUnitId}
          title={t('menus.settings.toleranceTitle')}
          hint={
            dialog.mode === 'restore'
              ? t('menus.settings.restoreHint')
              : t('menus.settings.toleranceHint')
          }
          initialValues={{ over: toleranceValue.over * 100, under: toleranceValue.under * 100 }}
          toValue={(v) =>
            dialog.mode === 'restore' ? null : { over: v.over / 100, under: v.under / 100 }
          }
          onClose={() => setDialog(null)}
        >
          {() => (
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item
                  name="over"
                  label={t('menus.settings.over')}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="under"
                  label={t('menus.settings.under')}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          )}
        </SettingEditModal>
      )}
    </Row>
  );
}
