// Ministry users' passwords (issue 16): the stored form of the staff PINs (shared/scrypt-hash.ts), so an operator
// reads one format.
export { scryptHash as hashPassword, scryptVerify as verifyPassword } from '../../shared/scrypt-hash';

export const PASSWORD_MIN = 10;
