import { useParams } from 'react-router';
import { AlertDetail } from '@/features/alerts/components/alert-detail';

export function AlertRoute() {
  const { id } = useParams<{ id: string }>();
  return <AlertDetail key={id} id={id!} />;
}
