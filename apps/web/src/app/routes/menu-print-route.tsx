import { useParams, useSearchParams } from 'react-router';
import { PrintableWeekMenu } from '@/features/menus/components/printable-week-menu';

/** The printable weekly menu, outside the console frame so that only the sheet is printed. */
export function MenuPrintRoute() {
  const { id } = useParams();
  const [params] = useSearchParams();
  return (
    <PrintableWeekMenu planId={id ?? ''} version={Number(params.get('version')) || undefined} />
  );
}
