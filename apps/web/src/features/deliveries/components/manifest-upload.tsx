import {
  CloudUploadOutlined,
  DeleteOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  FormOutlined,
  InboxOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Tabs,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MANIFEST_FILE_COLUMNS,
  type FoodGroup,
  type IngredientUnit,
  type TManifestDetail,
  type TManifestHeader,
  type TPurchaseOrder,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { apiFileUrl, isApiError, type ApiIssue } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { dayjs, formatYuan, shanghaiToday } from '@/lib/format';
import { unitLabel } from '@/lib/labels';
import { useContracts, useIngredientCatalogue } from '@/lib/supply-lookup';
import { useOpenOrders } from '../api/get-open-orders';
import { useOrder } from '../api/get-order';
import { useOwnFarmBases } from '../api/get-own-farm-bases';
import { useImportManifest } from '../api/import-manifest';
import { useSubmitManifest } from '../api/submit-manifest';
import { CertificateUpload } from './certificate-upload';
import { ManifestIssuesTable } from './manifest-issues-table';

const FILE_MAX_BYTES = 10 * 1024 * 1024;

interface HeaderValues {
  canteenId: string;
  deliveryDate: dayjs.Dayjs;
  purchaseOrderId?: string;
  note?: string;
}

interface LineValues {
  ingredientCode?: string;
  lotCode?: string;
  productionDate?: dayjs.Dayjs;
  expiryDate?: dayjs.Dayjs;
  quantity?: string;
  unitPrice?: number;
  farmBaseId?: string;
  certificateIds?: string[];
  note?: string;
}

interface LinesValues {
  lines: LineValues[];
}

type Refusal = { title: string; issues: ApiIssue[] } | null;

const day = (value: dayjs.Dayjs | undefined) => value?.format('YYYY-MM-DD');

/**
 * A supplier's 送货单, two ways with one validation: the web form line by line, or the template
 * filled in as .xlsx/.csv. A refused manifest stores nothing; its problems are listed in full.
 */
export function ManifestUpload({
  presetOrderId,
  onDone,
}: {
  presetOrderId?: string;
  onDone: (manifest: TManifestDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [header] = Form.useForm<HeaderValues>();
  const [linesForm] = Form.useForm<LinesValues>();
  const [mode, setMode] = useState<'form' | 'file'>('form');
  const [file, setFile] = useState<File | null>(null);
  const [refusal, setRefusal] = useState<Refusal>(null);
  const submit = useSubmitManifest();
  const importFile = useImportManifest();

  const contracts = useContracts({ state: 'active', pageSize: 200 });
  const catalogue = useIngredientCatalogue();
  const farmBases = useOwnFarmBases(user.supplier?.id);
  const canteenId = Form.useWatch('canteenId', header);
  const orders = useOpenOrders(canteenId);
  const lines = Form.useWatch('lines', linesForm);

  const canteens = useMemo(() => {
    const byCanteen = new Map<
      string,
      { id: string; label: string; school: string; categories: Set<FoodGroup> }
    >();
    for (const c of contracts.data?.items ?? []) {
      for (const canteen of c.canteens) {
        const entry = byCanteen.get(canteen.id) ?? {
          id: canteen.id,
          label: `${c.school.name} · ${canteen.name}`,
          school: c.school.name,
          categories: new Set<FoodGroup>(),
        };
        c.categories.forEach((g) => entry.categories.add(g));
        byCanteen.set(canteen.id, entry);
      }
    }
    return [...byCanteen.values()].sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  }, [contracts.data]);

  const categories = canteens.find((c) => c.id === canteenId)?.categories;
  const ingredients = useMemo(
    () => (catalogue.data?.items ?? []).filter((i) => !categories || categories.has(i.category)),
    [catalogue.data, categories],
  );
  const byCode = useMemo(
    () => new Map((catalogue.data?.items ?? []).map((i) => [i.code, i])),
    [catalogue.data],
  );

  const takeOrderLines = (order: TPurchaseOrder) => {
    const today = shanghaiToday();
    linesForm.setFieldValue(
      'lines',
      order.lines.map((line) => {
        const ingredient = byCode.get(line.ingredient.code);
        return {
          ingredientCode: line.ingredient.code,
          productionDate: today,
          expiryDate: ingredient?.shelfLifeDays
            ? today.add(ingredient.shelfLifeDays, 'day')
            : undefined,
          quantity: line.quantity,
          unitPrice: line.unitPriceFen / 100,
          certificateIds: [],
        };
      }),
    );
    header.setFieldValue('deliveryDate', dayjs(order.deliveryDate));
  };

  // An order picked on the orders page arrives preset: its canteen, date and lines are taken once.
  const preset = useOrder(presetOrderId);
  const [presetApplied, setPresetApplied] = useState(false);
  useEffect(() => {
    if (presetApplied || !preset.data || !catalogue.data) return;
    setPresetApplied(true);
    header.setFieldsValue({ canteenId: preset.data.canteen.id, purchaseOrderId: preset.data.id });
    takeOrderLines(preset.data);
  });

  // A refusal stays on screen until the next attempt: its list of problems, or on its own a reason
  // to read before trying again (the manifest was already submitted, the file is not a spreadsheet).
  const refuse = (error: unknown) => {
    if (isApiError(error)) {
      applyApiErrorToForm(header, error, i18n.language);
      applyApiErrorToForm(linesForm, error, i18n.language);
      setRefusal({ title: error.localized(i18n.language), issues: error.issues });
    } else {
      setRefusal(null);
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
    }
  };

  const done = (manifest: TManifestDetail) => {
    void message.success(t('manifest.submitted', { code: manifest.code }));
    onDone(manifest);
  };

  const headerBody = (values: HeaderValues): TManifestHeader => ({
    canteenId: values.canteenId,
    deliveryDate: day(values.deliveryDate) ?? '',
    purchaseOrderId: values.purchaseOrderId,
    note: values.note?.trim() || undefined,
  });

  const sendForm = async () => {
    setRefusal(null);
    const [head, body] = await Promise.all([
      header.validateFields(),
      linesForm.validateFields(),
    ]).catch(() => [null, null] as const);
    if (!head || !body) return;
    submit.mutate(
      {
        ...headerBody(head),
        lines: body.lines.map((line) => {
          const ingredient = line.ingredientCode ? byCode.get(line.ingredientCode) : undefined;
          return {
            ingredientCode: line.ingredientCode,
            lotCode: line.lotCode?.trim() ?? '',
            productionDate: day(line.productionDate) ?? '',
            expiryDate: day(line.expiryDate),
            quantity: line.quantity ?? '',
            unit: (ingredient?.unit ?? 'kg') as IngredientUnit,
            unitPriceFen: Math.round((line.unitPrice ?? 0) * 100),
            farmBaseId: line.farmBaseId,
            certificateIds: line.certificateIds ?? [],
            note: line.note?.trim() || undefined,
          };
        }),
      },
      { onSuccess: done, onError: refuse },
    );
  };

  const sendFile = async () => {
    setRefusal(null);
    const head = await header.validateFields().catch(() => null);
    if (!head) return;
    if (!file) {
      void message.warning(t('manifest.fileRequired'));
      return;
    }
    importFile.mutate({ header: headerBody(head), file }, { onSuccess: done, onError: refuse });
  };

  const onLinesChange = (changed: Partial<LinesValues>) => {
    changed.lines?.forEach((patch, index) => {
      if (!patch || !('ingredientCode' in patch || 'productionDate' in patch)) return;
      const line = linesForm.getFieldValue(['lines', index]) as LineValues | undefined;
      const ingredient = line?.ingredientCode ? byCode.get(line.ingredientCode) : undefined;
      if (ingredient?.shelfLifeDays && line?.productionDate)
        linesForm.setFieldValue(
          ['lines', index, 'expiryDate'],
          line.productionDate.add(ingredient.shelfLifeDays, 'day'),
        );
    });
  };

  const total = (lines ?? []).reduce(
    (sum, line) =>
      sum + Math.round(Number(line?.quantity ?? 0) * Math.round((line?.unitPrice ?? 0) * 100)),
    0,
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="section-card" title={t('manifest.headerTitle')}>
        <Form
          form={header}
          layout="vertical"
          initialValues={{ deliveryDate: shanghaiToday() }}
          onValuesChange={(changed: Partial<HeaderValues>) => {
            if ('canteenId' in changed) header.setFieldValue('purchaseOrderId', undefined);
            if (changed.purchaseOrderId) {
              const order = orders.data?.items.find((o) => o.id === changed.purchaseOrderId);
              if (order) takeOrderLines(order);
            }
          }}
        >
          <Row gutter={16}>
            <Col xs={24} lg={9}>
              <Form.Item
                name="canteenId"
                label={t('manifest.field.canteen')}
                rules={[{ required: true, message: t('manifest.canteenRequired') }]}
                extra={
                  contracts.data && canteens.length === 0
                    ? t('manifest.noContracts')
                    : t('manifest.canteenHint')
                }
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={contracts.isPending}
                  placeholder={t('manifest.canteenPlaceholder')}
                  options={canteens.map((c) => ({ value: c.id, label: c.label }))}
                  data-testid="manifest-canteen"
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item
                name="deliveryDate"
                label={t('manifest.field.deliveryDate')}
                rules={[{ required: true }]}
              >
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={10}>
              <Form.Item
                name="purchaseOrderId"
                label={t('manifest.field.order')}
                extra={t('manifest.orderHint')}
              >
                <Select
                  allowClear
                  disabled={!canteenId}
                  loading={orders.isFetching}
                  placeholder={t('manifest.orderPlaceholder')}
                  options={(orders.data?.items ?? []).map((o) => ({
                    value: o.id,
                    label: `${o.code} · ${o.deliveryDate} · ${formatYuan(o.totalFen)}`,
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('manifest.field.note')} style={{ marginBottom: 0 }}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Card>

      <Card size="small" className="section-card tabs-card">
        <Tabs
          activeKey={mode}
          onChange={(key) => {
            setMode(key as 'form' | 'file');
            setRefusal(null);
          }}
          items={[
            {
              key: 'form',
              label: (
                <span>
                  <FormOutlined /> {t('manifest.byForm')}
                </span>
              ),
              children: (
                <Form
                  form={linesForm}
                  layout="vertical"
                  initialValues={{
                    lines: [{ productionDate: shanghaiToday(), certificateIds: [] }],
                  }}
                  onValuesChange={onLinesChange}
                >
                  <Form.List name="lines">
                    {(fields, { add, remove }) => (
                      <Space direction="vertical" size={12} style={{ width: '100%' }}>
                        {fields.map((field) => {
                          const line = lines?.[field.name];
                          const ingredient = line?.ingredientCode
                            ? byCode.get(line.ingredientCode)
                            : undefined;
                          return (
                            <div
                              key={field.key}
                              className="manifest-line"
                              data-testid={`manifest-line-${field.name + 1}`}
                            >
                              <div className="manifest-line-no">{field.name + 1}</div>
                              <Row gutter={12} className="manifest-line-body">
                                <Col xs={24} md={12} xl={6}>
                                  <Form.Item
                                    name={[field.name, 'ingredientCode']}
                                    label={t('manifest.field.ingredient')}
                                    rules={[
                                      { required: true, message: t('manifest.ingredientRequired') },
                                    ]}
                                  >
                                    <Select
                                      showSearch
                                      optionFilterProp="label"
                                      disabled={!canteenId}
                                      placeholder={
                                        canteenId
                                          ? t('manifest.ingredientPlaceholder')
                                          : t('manifest.pickCanteenFirst')
                                      }
                                      options={ingredients.map((i) => ({
                                        value: i.code,
                                        label: `${i.name}（${i.code}）`,
                                      }))}
                                    />
                                  </Form.Item>
                                </Col>
                                <Col xs={24} md={12} xl={5}>
                                  <Form.Item
                                    name={[field.name, 'lotCode']}
                                    label={t('manifest.field.lotCode')}
                                    rules={[
                                      {
                                        required: true,
                                        whitespace: true,
                                        message: t('manifest.lotRequired'),
                                      },
                                    ]}
                                  >
                                    <Input maxLength={64} className="mono-input" />
                                  </Form.Item>
                                </Col>
                                <Col xs={12} md={6} xl={4}>
                                  <Form.Item
                                    name={[field.name, 'productionDate']}
                                    label={t('manifest.field.productionDate')}
                                    rules={[
                                      { required: true, message: t('manifest.productionRequired') },
                                    ]}
                                  >
                                    <DatePicker style={{ width: '100%' }} />
                                  </Form.Item>
                                </Col>
                                <Col xs={12} md={6} xl={4}>
                                  <Form.Item
                                    name={[field.name, 'expiryDate']}
                                    label={t('manifest.field.expiryDate')}
                                    extra={
                                      ingredient?.shelfLifeDays
                                        ? t('manifest.shelfLife', {
                                            days: ingredient.shelfLifeDays,
                                          })
                                        : ingredient
                                          ? t('manifest.noShelfLife')
                                          : undefined
                                    }
                                  >
                                    <DatePicker style={{ width: '100%' }} />
                                  </Form.Item>
                                </Col>
                                <Col xs={12} md={6} xl={5}>
                                  <Form.Item
                                    name={[field.name, 'quantity']}
                                    label={t('manifest.field.quantity')}
                                    rules={[
                                      { required: true, message: t('manifest.quantityRequired') },
                                    ]}
                                  >
                                    <InputNumber<string>
                                      stringMode
                                      min="0"
                                      precision={ingredient?.unitDecimals}
                                      style={{ width: '100%' }}
                                      addonAfter={ingredient ? unitLabel(t, ingredient.unit) : '—'}
                                    />
                                  </Form.Item>
                                </Col>
                                <Col xs={12} md={6} xl={4}>
                                  <Form.Item
                                    name={[field.name, 'unitPrice']}
                                    label={t('manifest.field.unitPriceYuan')}
                                    rules={[
                                      { required: true, message: t('manifest.priceRequired') },
                                    ]}
                                  >
                                    <InputNumber
                                      min={0}
                                      precision={2}
                                      style={{ width: '100%' }}
                                      prefix="¥"
                                    />
                                  </Form.Item>
                                </Col>
                                <Col xs={24} md={12} xl={6}>
                                  <Form.Item
                                    name={[field.name, 'farmBaseId']}
                                    label={t('manifest.field.farmBase')}
                                  >
                                    <Select
                                      allowClear
                                      placeholder={t('manifest.farmBasePlaceholder')}
                                      options={(farmBases.data ?? []).map((b) => ({
                                        value: b.id,
                                        label: b.name,
                                      }))}
                                    />
                                  </Form.Item>
                                </Col>
                                <Col xs={24} md={12} xl={7}>
                                  <Form.Item
                                    name={[field.name, 'certificateIds']}
                                    label={t('manifest.field.certificates')}
                                    extra={
                                      ingredient?.quarantineRequired
                                        ? t('manifest.quarantineNeeded')
                                        : undefined
                                    }
                                  >
                                    <CertificateUpload />
                                  </Form.Item>
                                </Col>
                                <Col xs={24} md={24} xl={7}>
                                  <Form.Item
                                    name={[field.name, 'note']}
                                    label={t('manifest.field.lineNote')}
                                  >
                                    <Input maxLength={200} />
                                  </Form.Item>
                                </Col>
                              </Row>
                              <Button
                                type="text"
                                danger
                                icon={<DeleteOutlined />}
                                disabled={fields.length === 1}
                                onClick={() => remove(field.name)}
                                aria-label={t('manifest.removeLine')}
                                className="manifest-line-remove"
                              />
                            </div>
                          );
                        })}
                        <div className="line-editor-foot">
                          <Button
                            icon={<PlusOutlined />}
                            onClick={() =>
                              add({ productionDate: shanghaiToday(), certificateIds: [] })
                            }
                          >
                            {t('manifest.addLine')}
                          </Button>
                          <span className="line-editor-total">
                            {t('manifest.lineCount', { count: fields.length })} ·{' '}
                            {t('orders.total')}：
                            <strong className="tabular">{formatYuan(total)}</strong>
                          </span>
                        </div>
                      </Space>
                    )}
                  </Form.List>
                  {refusal && mode === 'form' && (
                    <ManifestIssuesTable title={refusal.title} issues={refusal.issues} />
                  )}
                  <div className="manifest-actions">
                    <Button
                      type="primary"
                      size="large"
                      icon={<CloudUploadOutlined />}
                      loading={submit.isPending}
                      onClick={() => void sendForm()}
                    >
                      {t('manifest.submit')}
                    </Button>
                  </div>
                </Form>
              ),
            },
            {
              key: 'file',
              label: (
                <span>
                  <FileExcelOutlined /> {t('manifest.byFile')}
                </span>
              ),
              children: (
                <Space direction="vertical" size={16} style={{ width: '100%' }}>
                  <Alert
                    type="info"
                    showIcon
                    message={t('manifest.fileHint')}
                    description={t('manifest.fileColumns', {
                      columns: MANIFEST_FILE_COLUMNS.map((c) =>
                        c.required ? `${c.header}*` : c.header,
                      ).join('、'),
                    })}
                    action={
                      <Button
                        icon={<DownloadOutlined />}
                        href={apiFileUrl('/deliveries/template.xlsx')}
                        data-testid="template-link"
                      >
                        {t('manifest.template')}
                      </Button>
                    }
                  />
                  <Upload.Dragger
                    accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                    maxCount={1}
                    fileList={
                      file
                        ? [{ uid: 'manifest', name: file.name, status: 'done', size: file.size }]
                        : []
                    }
                    beforeUpload={(picked) => {
                      if (picked.size > FILE_MAX_BYTES) {
                        void message.error(t('manifest.fileTooLarge'));
                        return Upload.LIST_IGNORE;
                      }
                      setFile(picked);
                      setRefusal(null);
                      return false;
                    }}
                    onRemove={() => setFile(null)}
                    data-testid="manifest-file"
                  >
                    <p className="ant-upload-drag-icon">
                      <InboxOutlined />
                    </p>
                    <p className="ant-upload-text">{t('manifest.fileDrop')}</p>
                    <p className="ant-upload-hint">{t('manifest.fileDropHint')}</p>
                  </Upload.Dragger>
                  {refusal && mode === 'file' && (
                    <ManifestIssuesTable title={refusal.title} issues={refusal.issues} />
                  )}
                  <div className="manifest-actions">
                    <Button
                      type="primary"
                      size="large"
                      icon={<CloudUploadOutlined />}
                      loading={importFile.isPending}
                      onClick={() => void sendFile()}
                    >
                      {t('manifest.importSubmit')}
                    </Button>
                  </div>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
