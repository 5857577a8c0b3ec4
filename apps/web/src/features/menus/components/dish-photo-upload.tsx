import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { App, Button, Image, Space, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '@/components/ui/error-alert';
import { dishPhotoUrl, useUploadDishPhoto } from '../api/upload-dish-photo';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * The dish's photo: uploaded as soon as it is picked, the field holding the stored file's id. A
 * new photo is previewed from the picked file; the saved one from the dish.
 */
export function DishPhotoUpload({
  dish,
  value,
  onChange,
}: {
  /** The dish being edited and its saved photo, if any. */
  dish?: { id: string; photoFileId: string | null };
  value?: string | null;
  onChange?: (id: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadDishPhoto();
  const [preview, setPreview] = useState<{ fileId: string; url: string } | null>(null);
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  const src =
    value && preview?.fileId === value
      ? preview.url
      : value && dish && dish.photoFileId === value
        ? dishPhotoUrl(dish.id, value)
        : undefined;

  return (
    <Space align="start">
      {src && (
        <Image
          src={src}
          width={96}
          height={72}
          style={{ objectFit: 'cover', borderRadius: 6 }}
          alt=""
        />
      )}
      <Space direction="vertical" size={4}>
        <Upload
          accept="image/jpeg,image/png"
          showUploadList={false}
          beforeUpload={(file) => {
            if (file.size > MAX_BYTES) {
              void message.error(t('menus.dish.photoTooLarge'));
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onSuccess, onError }) =>
            upload.mutate(file as File, {
              onSuccess: (stored) => {
                setPreview({ fileId: stored.id, url: URL.createObjectURL(file as File) });
                onChange?.(stored.id);
                onSuccess?.(stored);
              },
              onError: (error) => {
                void message.error(errorText(error, i18n.language, t('menus.dish.photoFailed')));
                onError?.(error);
              },
            })
          }
        >
          <Button icon={<CameraOutlined />} loading={upload.isPending}>
            {value ? t('menus.dish.photoReplace') : t('menus.dish.photoAdd')}
          </Button>
        </Upload>
        {value && (
          <Button
            size="small"
            type="link"
            danger
            icon={<DeleteOutlined />}
            onClick={() => onChange?.(null)}
          >
            {t('menus.dish.photoRemove')}
          </Button>
        )}
      </Space>
    </Space>
  );
}
