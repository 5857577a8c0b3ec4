import { type AlertStatus, hasPermission } from '@canteen/shared';
import { type AppError, conflict, forbidden } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';

/** What the policy needs to know about an alert. */
export interface AlertState {
  status: string;
  responsibleUnitId: string;
  responsiblePath: string;
  responsibleUnit: { name: string; level: string };
}

const closedAlert = () => conflict('该预警已关闭', 'The alert is closed');

function atResponsibleUnit(actor: Actor, alert: AlertState): AppError | null {
  if (!hasPermission(actor.role, 'alert:handle')) return forbidden();
  if (actor.orgUnit?.id !== alert.responsibleUnitId) {
    return forbidden(
      `该预警由「${alert.responsibleUnit.name}」负责，只有该单位的人员可以确认和处置`,
      `The alert is held by ${alert.responsibleUnit.name}; only its staff acknowledge and handle it`,
    );
  }
  return null;
}

/** Why the actor may not acknowledge the alert now, or null. */
export function refuseAcknowledge(actor: Actor, alert: AlertState): AppError | null {
  const notHere = atResponsibleUnit(actor, alert);
  if (notHere) return notHere;
  const status = alert.status as AlertStatus;
  if (status === 'closed') return closedAlert();
  if (status !== 'raised') return conflict('该预警已确认', 'The alert has already been acknowledged');
  return null;
}

export function refuseHandle(actor: Actor, alert: AlertState): AppError | null {
  const notHere = atResponsibleUnit(actor, alert);
  if (notHere) return notHere;
  const status = alert.status as AlertStatus;
  switch (status) {
    case 'closed':
      return conflict('已关闭的预警不能再处置', 'A closed alert cannot be handled');
    case 'raised':
      return conflict('请先确认该预警，再填写处置措施', 'Acknowledge the alert before handling it');
    case 'handled':
      return conflict('该预警已处置，正等待上级审核', 'The alert has been handled and waits for review by the level above');
    case 'acknowledged':
      return null;
  }
}

/** Evidence is gathered by the holder while the alert is being dealt with. */
export function refuseEvidence(actor: Actor, alert: AlertState): AppError | null {
  const notHere = atResponsibleUnit(actor, alert);
  if (notHere) return notHere;
  if (alert.status === 'closed') return closedAlert();
  if (alert.status === 'handled') return conflict('该预警已处置，正等待上级审核', 'The alert has been handled and waits for review by the level above');
  return null;
}

/**
 * Review (close or send back) is done by a level above the one that handled the alert; the
 * province, with nobody above it, reviews its own.
 */
export function refuseReview(actor: Actor, alert: AlertState): AppError | null {
  if (!hasPermission(actor.role, 'alert:review') || !actor.orgUnit) return forbidden();
  const ownLevel = actor.orgUnit.id === alert.responsibleUnitId;
  if (ownLevel && alert.responsibleUnit.level !== 'province') {
    return conflict(
      '本级处置的预警须由上级审核关闭，不能由本级自行关闭',
      'The level that handled an alert cannot review its own handling; the level above closes it',
    );
  }
  if (!ownLevel && !alert.responsiblePath.startsWith(actor.orgUnit.path)) {
    return forbidden('只有处置单位的上级可以审核该预警', 'Only a level above the handling unit reviews the alert');
  }
  const status = alert.status as AlertStatus;
  if (status === 'closed') return closedAlert();
  if (status !== 'handled') return conflict('该预警尚未处置，不能审核', 'The alert has not been handled yet; there is nothing to review');
  return null;
}

export const alertPermissions = (actor: Actor, alert: AlertState) => ({
  acknowledge: refuseAcknowledge(actor, alert) === null,
  handle: refuseHandle(actor, alert) === null,
  close: refuseReview(actor, alert) === null,
  sendBack: refuseReview(actor, alert) === null,
});
