import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AGE_BANDS,
  ALLERGENS,
  COOKING_METHODS,
  MAX_GRAMS_PER_STUDENT,
  type AgeBand,
  type Allergen,
  type CookingMethod,
  type FoodGroup,
  type TDish,
  type TDishLineInput,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useOpenKey } from '@/components/ui/use-open-key';
import { isApiError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { contractLanguage } from '@/lib/i18n';
import { foodGroupLabel, unitLabel } from '@/lib/labels';
import { useIngredientCatalogue } from '@/lib/supply-lookup';
import { useCreateDish } from '../api/create-dish';
import { useReviseDish } from '../api/revise-dish';
import { allergenLabel, ageBandLabel, cookingMethodLabel } from '../utils/menu-labels';
import { DishPhotoUpload } from './dish-photo-upload';
import './menus.css';

interface LineValues {
  ingredientId?: string;
  grams?: Partial<Record<AgeBand, number | null>>;
}

interface FormValues {
  name: string;
  cookingMethod: CookingMethod;
  ownerUnitId?: string;
  allergens: Allergen[];
  photoFileId?: string | null;
  lines: LineValues[];
  reason?: string;
}

/** Allergens that an ingredient's food group implies (GB 7718 groups). */
const GROUP_ALLERGENS: Partial<Record<FoodGroup, Allergen>> = {
  eggs: 'egg',
  milk: 'milk',
  fish: 'fish',
  soy_nuts: 'soy',
};

const SCHOOL_BANDS: AgeBand[] = ['6-8', '9-11', '12-14', '15-17'];

/**
 * 菜品: a quantified recipe. Each ingredient line gives raw edible grams per student for every age
 * band the dish is made for (a compact grid: ingredients down, age bands across).
 */
function DishFormModalBody({
  open,
  dish,
  onClose,
}: {
  open: boolean;
  dish: TDish | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateDish();
  const revise = useReviseDish();
  const catalogue = useIngredientCatalogue();
  const [bands, setBands] = useState<AgeBand[]>(dish?.ageBands ?? SCHOOL_BANDS);
  const [refusal, setRefusal] = useState<string[]>([]);
  const lines = Form.useWatch('lines', form);
  const allergens = Form.useWatch('allergens', form);
  const lang = contractLanguage(i18n.language);

  const byId = useMemo(
    () => new Map((catalogue.data?.items ?? []).map((i) => [i.id, i])),
    [catalogue.data],
  );
  const suggested = [
    ...new Set(
      (lines ?? [])
        .map((l) => (l?.ingredientId ? byId.get(l.ingredientId)?.category : undefined))
        .map((g) => (g ? GROUP_ALLERGENS[g] : undefined))
        .filter((a): a is Allergen => !!a),
    ),
  ].filter((a) => !(allergens ?? []).includes(a));

  const submit = (values: FormValues) => {
    setRefusal([]);
    const dishLines: TDishLineInput[] = values.lines.map((line) => ({
      ingredientId: line.ingredientId ?? '',
      grams: Object.fromEntries(
        bands
          .map((b) => [b, line.grams?.[b]] as const)
          .filter((entry): entry is readonly [AgeBand, number] => typeof entry[1] === 'number'),
      ),
    }));
    const fields = {
      name: values.name,
      cookingMethod: values.cookingMethod,
      photoFileId: values.photoFileId ?? null,
      allergens: values.allergens ?? [],
      lines: dishLines,
    };
    const onError = (error: unknown) => {
      const placed = applyApiErrorToForm(form, error, i18n.language);
      if (!placed) {
        const issues = isApiError(error)
          ? error.issues.map((i) => (lang === 'en' ? i.messageEn : i.message))
          : [];
        setRefusal(
          issues.length > 0 ? issues : [errorText(error, i18n.language, t('common.saveFailed'))],
        );
      }
    };
    const onSuccess = (saved: TDish) => {
      void message.success(t('menus.dish.saved', { name: saved.name, version: saved.version }));
      onClose();
    };
    if (dish) {
      revise.mutate(
        { id: dish.id, body: { ...fields, reason: values.reason?.trim() || undefined } },
        { onSuccess, onError },
      );
    } else {
      create.mutate({ ...fields, ownerUnitId: values.ownerUnitId }, { onSuccess, onError });
    }
  };

  const initialValues: Partial<FormValues> = dish
    ? {
        name: dish.name,
        cookingMethod: dish.cookingMethod,
        allergens: dish.allergens,
        photoFileId: dish.photoFileId,
        lines: dish.lines.map((l) => ({ ingredientId: l.ingredient.id, grams: l.grams })),
      }
    : { allergens: [], lines: [{}], ownerUnitId: user.orgUnit?.id };

  return (
    <Modal
      open={open}
      title={dish ? t('menus.dish.editTitle', { name: dish.name }) : t('menus.dish.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={create.isPending || revise.isPending}
      width={980}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={initialValues}
        style={{ marginTop: 16 }}
        data-testid="dish-form"
      >
        <Row gutter={16}>
          <Col span={dish ? 10 : 8}>
            <Form.Item
              name="name"
              label={t('menus.dish.name')}
              // Forbidden foods are the server's to refuse: its reason lands on this field.
              rules={[{ required: true, whitespace: true, message: t('menus.dish.nameRequired') }]}
            >
              <Input maxLength={40} placeholder={t('menus.dish.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={dish ? 6 : 5}>
            <Form.Item
              name="cookingMethod"
              label={t('menus.dish.cookingMethod')}
              rules={[{ required: true, message: t('menus.dish.cookingMethodRequired') }]}
            >
              <Select
                options={COOKING_METHODS.map((m) => ({
                  value: m,
                  label: cookingMethodLabel(m, i18n.language),
                }))}
              />
            </Form.Item>
          </Col>
          {!dish && (
            <Col span={11}>
              <Form.Item
                name="ownerUnitId"
                label={t('menus.dish.owner')}
                extra={t('menus.dish.ownerHint')}
              >
                <OrgUnitTreeSelect allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          {dish && (
            <Col span={8}>
              <Form.Item name="reason" label={t('menus.dish.reviseReason')}>
                <Input maxLength={500} placeholder={t('menus.dish.reviseReasonPlaceholder')} />
              </Form.Item>
            </Col>
          )}
        </Row>

        <div className="dish-grid-head">
          <strong>{t('menus.dish.lines')}</strong>
          <span className="muted">{t('menus.dish.linesHint')}</span>
        </div>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <div
              className="dish-grid"
              style={{
                gridTemplateColumns: `minmax(200px, 1fr) repeat(${AGE_BANDS.length}, 96px) 40px`,
              }}
            >
              <span className="dish-grid-th">{t('menus.dish.ingredient')}</span>
              {AGE_BANDS.map((band) => (
                <Checkbox
                  key={band}
                  className="dish-grid-th"
                  checked={bands.includes(band)}
                  onChange={(e) =>
                    setBands((current) =>
                      e.target.checked
                        ? AGE_BANDS.filter((b) => b === band || current.includes(b))
                        : current.length > 1
                          ? current.filter((b) => b !== band)
                          : current,
                    )
                  }
                >
                  {band.replace('-', '–')}
                </Checkbox>
              ))}
              <span />
              {fields.map((field) => {
                const ingredient = lines?.[field.name]?.ingredientId
                  ? byId.get(lines[field.name]!.ingredientId!)
                  : undefined;
                return (
                  <div
                    key={field.key}
                    className="dish-grid-row"
                    data-testid={`dish-line-${field.name}`}
                  >
                    <Form.Item
                      name={[field.name, 'ingredientId']}
                      rules={[{ required: true, message: t('menus.dish.ingredientRequired') }]}
                    >
                      <Select
                        showSearch
                        optionFilterProp="label"
                        placeholder={t('menus.dish.ingredientPlaceholder')}
                        loading={catalogue.isPending}
                        aria-label={t('menus.dish.ingredient')}
                        options={(catalogue.data?.items ?? []).map((i) => ({
                          value: i.id,
                          label: `${i.name}（${foodGroupLabel(t, i.category)}）`,
                        }))}
                      />
                    </Form.Item>
                    {AGE_BANDS.map((band) => (
                      <Form.Item
                        key={band}
                        name={[field.name, 'grams', band]}
                        rules={
                          bands.includes(band)
                            ? [{ required: true, message: t('menus.dish.gramsRequired') }]
                            : []
                        }
                      >
                        <InputNumber
                          min={0}
                          max={MAX_GRAMS_PER_STUDENT * 10}
                          precision={1}
                          disabled={!bands.includes(band)}
                          aria-label={`${ingredient?.name ?? ''} ${ageBandLabel(t, band)}`}
                          placeholder="g"
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    ))}
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length === 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('menus.dish.removeLine')}
                    />
                    {ingredient && ingredient.unit !== 'g' && ingredient.unit !== 'kg' && (
                      <span className="dish-grid-note muted">
                        {t('menus.dish.unitNote', { unit: unitLabel(t, ingredient.unit) })}
                      </span>
                    )}
                  </div>
                );
              })}
              <div className="dish-grid-foot">
                <Button icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('menus.dish.addLine')}
                </Button>
              </div>
            </div>
          )}
        </Form.List>

        <Row gutter={16} style={{ marginTop: 12 }}>
          <Col span={14}>
            <Form.Item
              name="allergens"
              label={t('menus.dish.allergens')}
              extra={
                suggested.length > 0 ? (
                  <Space size={4} wrap>
                    {t('menus.dish.allergenSuggest')}
                    {suggested.map((a) => (
                      <Tag
                        key={a}
                        color="orange"
                        style={{ cursor: 'pointer' }}
                        onClick={() => form.setFieldValue('allergens', [...(allergens ?? []), a])}
                      >
                        + {allergenLabel(a, i18n.language)}
                      </Tag>
                    ))}
                  </Space>
                ) : undefined
              }
            >
              <Checkbox.Group
                options={ALLERGENS.map((a) => ({
                  value: a,
                  label: allergenLabel(a, i18n.language),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="photoFileId" label={t('menus.dish.photo')}>
              <DishPhotoUpload dish={dish} />
            </Form.Item>
          </Col>
        </Row>
        {refusal.length > 0 && (
          <Alert
            type="error"
            showIcon
            data-testid="dish-refusal"
            message={t('menus.dish.refused')}
            description={
              <ul className="plain-list">
                {refusal.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            }
          />
        )}
      </Form>
    </Modal>
  );
}

export function DishFormModal(props: { open: boolean; dish?: TDish; onClose: () => void }) {
  const key = useOpenKey(props.open);
  return <DishFormModalBody key={key} {...props} dish={props.dish} />;
}
