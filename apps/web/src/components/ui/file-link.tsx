import { FileImageOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { apiFileUrl } from '@/lib/api-client';

function FileIcon({ contentType }: { contentType?: string }) {
  if (contentType === 'application/pdf') return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  if (contentType?.startsWith('image/')) return <FileImageOutlined style={{ color: '#1456c7' }} />;
  return <PaperClipOutlined />;
}

/** A stored file (licence, certificate, photo) opened from the API in a new tab. */
export function FileLink({
  path,
  name,
  contentType,
}: {
  path: string;
  name: string;
  contentType?: string;
}) {
  return (
    <a href={apiFileUrl(path)} target="_blank" rel="noreferrer" className="file-link" title={name}>
      <FileIcon contentType={contentType} />
      <span className="file-link-name">{name}</span>
    </a>
  );
}
