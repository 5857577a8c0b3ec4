import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import { kindLabel } from '@/lib/labels';
import { OrgUnitIcon } from './org-unit-icon';

/** Finds a unit of the subtree by name or code and opens its page. */
export function OrgUnitSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const { data } = useOrgUnits({ q: query, pageSize: 12 }, { enabled: query.length > 0 });
  const options =
    query.length > 0
      ? (data?.items ?? []).map((unit) => ({
          value: unit.id,
          label: (
            <div className="org-search-option">
              <OrgUnitIcon level={unit.level} />
              <span className="org-search-name">{unit.name}</span>
              <span className="org-search-kind">{kindLabel(t, unit.kind)}</span>
            </div>
          ),
        }))
      : [];

  return (
    <AutoComplete
      value={text}
      options={options}
      onChange={setText}
      onSelect={(id: string) => {
        setText('');
        void navigate(`/org/${id}`);
      }}
      style={{ width: '100%' }}
      popupMatchSelectWidth={280}
      notFoundContent={query ? t('common.noMatch') : null}
    >
      <Input allowClear prefix={<SearchOutlined />} placeholder={t('nav.searchUnit')} />
    </AutoComplete>
  );
}
