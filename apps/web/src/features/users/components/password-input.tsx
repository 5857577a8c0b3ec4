import { ThunderboltOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { generatePassword } from './generate-password';

/** A password field with a button that fills in a strong temporary password, shown in clear. */
export function PasswordInput({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        className="mono-input"
      />
      <Button icon={<ThunderboltOutlined />} onClick={() => onChange?.(generatePassword())}>
        {t('users.generatePassword')}
      </Button>
    </Space.Compact>
  );
}
