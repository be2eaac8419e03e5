// The rules of a decision (通过 / 驳回) with a note: a decision must be chosen, and a rejection
// needs its note (the asterisk shows once 驳回 is chosen).
import type { FormRules } from 'element-plus';

export function decisionRules(decision: string, messages: { choose: string; noteRequired: string }, note = 'note'): FormRules {
  return {
    decision: [{ required: true, message: messages.choose, trigger: 'change' }],
    [note]: [{ required: decision === 'reject', whitespace: true, message: messages.noteRequired, trigger: 'blur' }],
  };
}
