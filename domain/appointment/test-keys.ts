// Key ids of the test signing keys in fixtures/keys/. Their private halves are public (in the repository),
// so a daemon must refuse them outside demo mode. test-keys.test.ts checks this list against the files.
export const TEST_KIDS: readonly string[] = ['b0ff66afbc2b7fa5', '3e94e9e86720eec3'];

export function isTestKey(kid: string): boolean {
  return TEST_KIDS.includes(kid.toLowerCase());
}
