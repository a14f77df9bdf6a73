import { describe, expect, it } from 'vitest';
import { decidePriority, priorityAtIssue, type PriorityTicket } from './priority';

describe('priority at issue', () => {
  it('staff-confirmed: the request waits for staff and the ticket is ordinary until then', () => {
    expect(priorityAtIssue('staff-confirmed', 'pregnant', null)).toEqual({ priority: null, request: 'pregnant' });
  });
  it('self-declared: the visitor’s word gives the priority at once', () => {
    expect(priorityAtIssue('self-declared', 'children', null)).toEqual({ priority: 'children', request: null });
  });
  it('a staff member issuing with a priority gives it, whatever the mode; no request, no priority', () => {
    expect(priorityAtIssue('staff-confirmed', 'elderly', 'disabled')).toEqual({ priority: 'disabled', request: null });
    expect(priorityAtIssue('staff-confirmed', null, null)).toEqual({ priority: null, request: null });
    expect(priorityAtIssue('self-declared', undefined, undefined)).toEqual({ priority: null, request: null });
  });
});

describe('a staff decision on a ticket’s priority', () => {
  const asked: PriorityTicket = { label: 'A-007', state: 'waiting', priority: null, priorityRequest: 'elderly' };
  const plain: PriorityTicket = { ...asked, priorityRequest: null };
  it('confirms the request, or the category staff saw', () => {
    expect(decidePriority(asked, { kind: 'confirm' })).toEqual({ ok: true, priority: 'elderly', request: null, outcome: 'confirmed' });
    expect(decidePriority(asked, { kind: 'confirm', priority: 'disabled' })).toMatchObject({ ok: true, priority: 'disabled' });
  });
  it('declines a request: the ticket stays ordinary', () => {
    expect(decidePriority(asked, { kind: 'decline' })).toEqual({ ok: true, priority: null, request: null, outcome: 'declined' });
  });
  it('flags any open ticket, asked or not, and takes a priority off', () => {
    expect(decidePriority(plain, { kind: 'flag', priority: 'pregnant' })).toMatchObject({ ok: true, priority: 'pregnant', outcome: 'flagged' });
    expect(decidePriority({ ...plain, state: 'held' }, { kind: 'flag', priority: 'children' })).toMatchObject({ ok: true });
    expect(decidePriority({ ...plain, priority: 'pregnant' }, { kind: 'remove' })).toMatchObject({ ok: true, priority: null, outcome: 'removed' });
  });
  it('refuses what has nothing to decide, and closed tickets', () => {
    expect(decidePriority(plain, { kind: 'confirm' })).toMatchObject({ ok: false, reason: 'no-request' });
    expect(decidePriority(plain, { kind: 'decline' })).toMatchObject({ ok: false, reason: 'no-request' });
    expect(decidePriority(plain, { kind: 'remove' })).toMatchObject({ ok: false, reason: 'no-priority' });
    expect(decidePriority({ ...asked, state: 'done' }, { kind: 'confirm' })).toMatchObject({ ok: false, reason: 'wrong-state' });
  });
});
