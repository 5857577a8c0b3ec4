import { useCanteenSchool } from '@/lib/canteen-school';

/** A canteen with its school beneath, so that the many "学生食堂" can be told apart. */
export function CanteenLabel({ canteen }: { canteen: { id: string; name: string } }) {
  const school = useCanteenSchool(canteen.id);
  return (
    <div className="account-cell">
      <span>{canteen.name}</span>
      <span className="account-cell-username" title={school}>
        {school ?? '\u00a0'}
      </span>
    </div>
  );
}
