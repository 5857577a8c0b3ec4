import { Injectable } from '@nestjs/common';

/**
 * The warnings engine's time: when alerts are raised, when they fall due, when the escalation job
 * looks. Injected so that integration tests can move it (`jest.spyOn(clock, 'now')`).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
