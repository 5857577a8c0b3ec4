import { SearchOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TLotTraceQuery } from '@canteen/shared';
import { useSuppliers } from '@/lib/supply-lookup';

/** A supplier lot: lot codes are unique per supplier, so both are asked for. */
export function LotSearchForm({
  value,
  onSearch,
  loading,
}: {
  value: TLotTraceQuery | null;
  onSearch: (query: TLotTraceQuery) => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const suppliers = useSuppliers({ q: search || undefined, pageSize: 50 });

  return (
    <Form
      layout="inline"
      className="trace-search"
      initialValues={value ?? undefined}
      onFinish={(values: TLotTraceQuery) =>
        onSearch({ supplierId: values.supplierId, lotCode: values.lotCode.trim() })
      }
    >
      <Form.Item
        name="supplierId"
        rules={[{ required: true, message: t('trace.supplierRequired') }]}
      >
        <Select
          showSearch
          filterOption={false}
          onSearch={setSearch}
          notFoundContent={suppliers.isFetching ? <Spin size="small" /> : undefined}
          options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          placeholder={t('trace.supplierPlaceholder')}
          style={{ width: 300 }}
          data-testid="trace-supplier"
        />
      </Form.Item>
      <Form.Item
        name="lotCode"
        rules={[{ required: true, whitespace: true, message: t('trace.lotRequired') }]}
      >
        <Input
          placeholder={t('trace.lotPlaceholder')}
          className="mono-input"
          style={{ width: 240 }}
          allowClear
          data-testid="trace-lot"
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading}>
          {t('trace.search')}
        </Button>
      </Form.Item>
    </Form>
  );
}
