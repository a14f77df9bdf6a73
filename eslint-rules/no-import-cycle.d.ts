// Types for the rule's tests (test/lint/import-cycles.test.ts); the rule itself is plain JS for eslint.config.js.
import type { Rule } from 'eslint';

declare const rule: Rule.RuleModule;
export default rule;
