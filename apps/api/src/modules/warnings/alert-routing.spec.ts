import { DEFAULT_ALERT_SLAS } from '@canteen/shared';
import { dueTimes, responsibleUnitFor } from './alert-routing';
import type { AlertUnitRow } from './alerts.repository';

const unit = (level: string, path: string): AlertUnitRow => ({ id: path.split('/').filter(Boolean).at(-1)!, name: level, level, path, parentId: null });
const chain = [unit('province', '/p/'), unit('city', '/p/c/'), unit('county', '/p/c/k/'), unit('school', '/p/c/k/s/'), unit('canteen', '/p/c/k/s/t/')];

describe('who holds an alert first', () => {
  it('is the subject\'s ancestor at the rule\'s level', () => {
    expect(responsibleUnitFor(chain, 'school')?.level).toBe('school');
    expect(responsibleUnitFor(chain, 'county')?.level).toBe('county');
    expect(responsibleUnitFor(chain, 'province')?.level).toBe('province');
  });

  it('is the subject itself when it lies above the rule\'s level', () => {
    expect(responsibleUnitFor(chain.slice(0, 3), 'school')?.id).toBe('k');
  });
});

describe('time limits', () => {
  it('run from the moment the alert reaches its holder, per severity', () => {
    const from = new Date('2026-01-05T02:00:00Z');
    expect(dueTimes(DEFAULT_ALERT_SLAS, 'critical', from)).toEqual({ ackDueAt: new Date('2026-01-05T04:00:00Z'), handleDueAt: new Date('2026-01-06T02:00:00Z') });
    expect(dueTimes(DEFAULT_ALERT_SLAS, 'info', from).handleDueAt).toEqual(new Date('2026-01-12T02:00:00Z'));
  });
});
