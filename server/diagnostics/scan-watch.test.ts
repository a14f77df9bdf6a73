import { describe, expect, it } from 'vitest';
import { escapeControls, hexOf } from './scan-watch';

describe('raw scan display', () => {
  it('makes control characters visible by name or hex, and keeps text as it is', () => {
    expect(escapeControls('RDV1:AB\r\n')).toBe('RDV1:AB<CR><LF>');
    expect(escapeControls('\u001b[\u0001é')).toBe('<ESC>[<0x01>é');
    expect(escapeControls('\u0085x')).toBe('<0x85>x');
    expect(hexOf('A\r')).toBe('41 0d');
    expect(hexOf('é')).toBe('c3 a9');
  });
});
